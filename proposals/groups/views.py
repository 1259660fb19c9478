"""The groups' pages: my groups, creating and editing a group, its dashboard and members,
invitations, leaving, handing over and removing members."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from proposals.accounts.models import User
from proposals.calls.models import Call
from proposals.database import utcnow
from proposals.extensions import db, login_manager
from proposals.groups import operations
from proposals.groups.forms import GroupForm, HandOverForm, InviteForm
from proposals.groups.models import Group, Invitation, Membership
from proposals.groups.operations import GroupError, InvitationUnusable
from proposals.permissions import Permission, authorize, can
from proposals.questions.operations import awaiting_answer_count
from proposals.submissions.models import Proposal, ProposalState

bp = Blueprint("groups", __name__)

MEMBER_PREVIEW = 10


# --- loading ---------------------------------------------------------------------------


def _group_or_404(group_id: int) -> Group:
    return db.get_or_404(Group, group_id)


def _per_page() -> int:
    return current_app.config["PER_PAGE"]


def _state_counts(group_ids) -> dict[int, dict[ProposalState, int]]:
    """group id -> {state: number of proposals}, in one query."""
    counts: dict[int, dict[ProposalState, int]] = {group_id: {} for group_id in group_ids}
    if not counts:
        return counts
    rows = db.session.execute(
        sa.select(Proposal.group_id, Proposal.state, sa.func.count())
        .where(Proposal.group_id.in_(counts))
        .group_by(Proposal.group_id, Proposal.state)
    )
    for group_id, state, number in rows:
        counts[group_id][state] = number
    return counts


def _pending(query):
    return query.where(
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
        Invitation.expires_at > utcnow(),
    )


def _members_query(group: Group):
    # The representative first, then everybody by name.
    return (
        sa.select(Membership)
        .join(User, User.id == Membership.user_id)
        .where(Membership.group_id == group.id)
        .options(joinedload(Membership.user))
        .order_by((User.id == group.representative_id).desc(), User.display_name, User.id)
    )


def _other_members(group: Group) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.group_id == group.id, User.id != group.representative_id)
            .order_by(User.display_name, User.id)
        )
    )


# --- my groups -------------------------------------------------------------------------


def _render_my_groups(problems=(), status=200):
    my_group_ids = sa.select(Membership.group_id).where(Membership.user_id == current_user.id)
    page = db.paginate(
        sa.select(Group).where(Group.id.in_(my_group_ids)).order_by(Group.name, Group.id),
        per_page=_per_page(),
    )
    invitations = db.session.scalars(
        _pending(sa.select(Invitation))
        .where(Invitation.email == current_user.email, Invitation.group_id.not_in(my_group_ids))
        .options(joinedload(Invitation.group), joinedload(Invitation.invited_by))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ).all()
    return render_template(
        "groups/my_groups.html",
        page=page,
        counts=_state_counts([group.id for group in page.items]),
        states=list(ProposalState),
        invitations=invitations,
        problems=problems,
    ), status


@bp.get("/groups/")
@login_required
def my_groups():
    return _render_my_groups()


# --- creating and editing --------------------------------------------------------------


def _name_conflict(form: GroupForm, message: str) -> None:
    db.session.rollback()
    form.name.errors = [*form.name.errors, message]


@bp.route("/groups/new", methods=["GET", "POST"])
@login_required
def create():
    authorize(current_user, Permission.CREATE_GROUP)
    form = GroupForm()
    if not form.is_submitted():
        form.contact_email.data = current_user.email
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("groups/form.html", form=form, group=None), status
    try:
        group = operations.create_group(current_user, **form.changes())
        db.session.commit()
    except GroupError as error:
        _name_conflict(form, str(error))
        return render_template("groups/form.html", form=form, group=None), 409
    except IntegrityError:
        # Another group took the name between our check and the insert.
        _name_conflict(form, _("Another group already has this name. Choose another."))
        return render_template("groups/form.html", form=form, group=None), 409
    flash(_("Group “%(name)s” created. You are its representative.", name=group.name), "success")
    return redirect(url_for(".dashboard", group_id=group.id))


@bp.route("/groups/<int:group_id>/edit", methods=["GET", "POST"])
@login_required
def edit(group_id: int):
    group = _group_or_404(group_id)
    authorize(current_user, Permission.EDIT_GROUP, group)
    form = GroupForm(group=group) if request.method == "POST" else GroupForm.for_group(group)
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("groups/form.html", form=form, group=group), status
    try:
        changed = operations.update_group(group, current_user, **form.changes())
        db.session.commit()
    except GroupError as error:
        _name_conflict(form, str(error))
        return render_template("groups/form.html", form=form, group=group), 409
    except IntegrityError:
        _name_conflict(form, _("Another group already has this name. Choose another."))
        return render_template("groups/form.html", form=form, group=group), 409
    if changed:
        flash(_("Group details saved."), "success")
    else:
        flash(_("Nothing was changed."), "info")
    return redirect(url_for(".dashboard", group_id=group.id))


# --- the dashboard ---------------------------------------------------------------------


def _open_calls():
    now = utcnow()
    return db.session.scalars(
        sa.select(Call)
        .where(
            Call.opens_at <= now,
            Call.closes_at > now,
            Call.review_closed_at.is_(None),
            Call.recommendations_closed_at.is_(None),
            Call.decided_at.is_(None),
        )
        .order_by(Call.closes_at, Call.id)
    ).all()


def _requested_state() -> ProposalState | None:
    try:
        return ProposalState(request.args.get("state", ""))
    except ValueError:
        return None


def _render_dashboard(group: Group, *, problems=(), status=200):
    state = _requested_state()
    query = (
        sa.select(Proposal)
        .where(Proposal.group_id == group.id)
        .options(joinedload(Proposal.call))
        .order_by(Proposal.updated_at.desc(), Proposal.id.desc())
    )
    if state is not None:
        query = query.where(Proposal.state == state)
    proposals = db.paginate(query, per_page=_per_page())
    counts = _state_counts([group.id])[group.id]
    member_count = db.session.scalar(
        sa.select(sa.func.count()).select_from(Membership).where(Membership.group_id == group.id)
    )
    members = db.session.scalars(_members_query(group).limit(MEMBER_PREVIEW)).all()
    invitations = []
    if can(current_user, Permission.INVITE_MEMBER, group):
        invitations = db.session.scalars(
            _pending(sa.select(Invitation))
            .where(Invitation.group_id == group.id)
            .options(joinedload(Invitation.invited_by))
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        ).all()
    return render_template(
        "groups/dashboard.html",
        group=group,
        proposals=proposals,
        state=state,
        states=list(ProposalState),
        counts=counts,
        total=sum(counts.values()),
        members=members,
        member_count=member_count,
        invitations=invitations,
        open_calls=_open_calls(),
        awaiting_answers=awaiting_answer_count(group),
        problems=problems,
    ), status


@bp.get("/groups/<int:group_id>")
@login_required
def dashboard(group_id: int):
    group = _group_or_404(group_id)
    # Drafts are on this page: anyone but a member gets 404, as if the group were not here.
    authorize(current_user, Permission.VIEW_GROUP_DASHBOARD, group)
    return _render_dashboard(group)


# --- members ---------------------------------------------------------------------------


def _render_members(group: Group, *, hand_over_form=None, problems=(), status=200):
    others = _other_members(group) if can(current_user, Permission.HAND_OVER_GROUP, group) else []
    return render_template(
        "groups/members.html",
        group=group,
        page=db.paginate(_members_query(group), per_page=_per_page()),
        hand_over_form=hand_over_form or (HandOverForm(members=others) if others else None),
        problems=problems,
    ), status


@bp.get("/groups/<int:group_id>/members")
@login_required
def members(group_id: int):
    group = _group_or_404(group_id)
    authorize(current_user, Permission.VIEW_GROUP_DASHBOARD, group)
    return _render_members(group)


@bp.post("/groups/<int:group_id>/leave")
@login_required
def leave(group_id: int):
    group = _group_or_404(group_id)
    # Not LEAVE_GROUP: the representative is refused by leave_group, with the reason
    # (hand over first), where a bare 403 would leave them guessing.
    authorize(current_user, Permission.VIEW_GROUP_DASHBOARD, group)
    try:
        operations.leave_group(group, current_user)
    except GroupError as error:
        db.session.rollback()
        return _render_dashboard(group, problems=[str(error)], status=409)
    db.session.commit()
    flash(_("You left %(group)s.", group=group.name), "success")
    return redirect(url_for(".my_groups"))


@bp.post("/groups/<int:group_id>/hand-over")
@login_required
def hand_over(group_id: int):
    group = _group_or_404(group_id)
    authorize(current_user, Permission.HAND_OVER_GROUP, group)
    form = HandOverForm(members=_other_members(group))
    if not form.validate_on_submit():
        return _render_members(group, hand_over_form=form, status=400)
    new_representative = db.session.get(User, form.new_representative.data)
    try:
        operations.hand_over(group, current_user, new_representative)
    except GroupError as error:
        db.session.rollback()
        return _render_members(group, problems=[str(error)], status=409)
    db.session.commit()
    flash(
        _(
            "%(name)s is now the representative of %(group)s.",
            name=new_representative.display_name,
            group=group.name,
        ),
        "success",
    )
    return redirect(url_for(".dashboard", group_id=group.id))


@bp.post("/groups/<int:group_id>/members/<int:user_id>/remove")
@login_required
def remove_member(group_id: int, user_id: int):
    group = _group_or_404(group_id)
    authorize(current_user, Permission.REMOVE_MEMBER, group)
    member = db.get_or_404(User, user_id)
    try:
        operations.remove_member(group, current_user, member)
    except GroupError as error:
        db.session.rollback()
        return _render_members(group, problems=[str(error)], status=409)
    db.session.commit()
    flash(_("%(name)s was removed from the group.", name=member.display_name), "success")
    return redirect(url_for(".members", group_id=group.id))


# --- invitations -----------------------------------------------------------------------


@bp.route("/groups/<int:group_id>/invitations/new", methods=["GET", "POST"])
@login_required
def invite(group_id: int):
    group = _group_or_404(group_id)
    authorize(current_user, Permission.INVITE_MEMBER, group)
    form = InviteForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("groups/invite.html", group=group, form=form), status
    try:
        invitation, token = operations.invite_member(
            group,
            current_user,
            form.email.data,
            valid_days=current_app.config["INVITATION_VALID_DAYS"],
        )
    except GroupError as error:
        db.session.rollback()
        form.email.errors = [*form.email.errors, str(error)]
        return render_template("groups/invite.html", group=group, form=form), 409
    operations.send_invitation(invitation, url_for(".invitation", token=token, _external=True))
    db.session.commit()
    flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
    return redirect(url_for(".dashboard", group_id=group.id, _anchor="invitations"))


@bp.post("/groups/<int:group_id>/invitations/<int:invitation_id>/revoke")
@login_required
def revoke_invitation(group_id: int, invitation_id: int):
    group = _group_or_404(group_id)
    authorize(current_user, Permission.INVITE_MEMBER, group)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.group_id != group.id:
        abort(404)
    try:
        operations.revoke_invitation(invitation, current_user)
    except GroupError as error:
        db.session.rollback()
        return _render_dashboard(group, problems=[str(error)], status=409)
    db.session.commit()
    flash(_("The invitation to %(email)s was withdrawn.", email=invitation.email), "success")
    return redirect(url_for(".dashboard", group_id=group.id, _anchor="invitations"))


def _invitation_status(problem: GroupError | None) -> int:
    if problem is None:
        return 200
    return 410 if isinstance(problem, InvitationUnusable) else 400


def _render_invitation(invitation: Invitation, token: str, problem=None, status=None):
    return render_template(
        "groups/invitation.html",
        invitation=invitation,
        token=token,
        problem=problem,
    ), status or _invitation_status(problem)


@bp.get("/invitations/<token>")
def invitation(token: str):
    """The page the invitation mail links to. Holding the token is what grants a look."""
    found = operations.find_invitation(token)
    if found is None:
        abort(404)
    user = current_user if current_user.is_authenticated else None
    problem = operations.invitation_problem(found, user)
    # A dead link is gone for everyone (410); the wrong account is explained, not an error.
    status = 410 if isinstance(problem, InvitationUnusable) else 200
    return _render_invitation(found, token, problem, status)


@bp.post("/invitations/<token>")
def accept(token: str):
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    # The lock makes two clicks on "Accept" use the invitation once.
    invitation = operations.find_invitation(token, lock=True)
    if invitation is None:
        abort(404)
    try:
        operations.accept_invitation(invitation, current_user)
        db.session.commit()
    except GroupError as error:
        db.session.rollback()
        return _render_invitation(invitation, token, error)
    except IntegrityError:
        db.session.rollback()
        problem = InvitationUnusable(_("This invitation has already been used."))
        return _render_invitation(invitation, token, problem)
    return _joined(invitation.group)


@bp.post("/invitations/<int:invitation_id>/accept")
@login_required
def accept_pending(invitation_id: int):
    """Accept from "My groups": the account's own email address stands in for the link."""
    invitation = db.session.get(Invitation, invitation_id, with_for_update=True)
    if invitation is None or invitation.email != current_user.email:
        abort(404)
    try:
        operations.accept_invitation(invitation, current_user)
        db.session.commit()
    except GroupError as error:
        db.session.rollback()
        return _render_my_groups(problems=[str(error)], status=_invitation_status(error))
    except IntegrityError:
        db.session.rollback()
        return _render_my_groups(
            problems=[_("You are already a member of this group.")], status=409
        )
    return _joined(invitation.group)


def _joined(group: Group):
    flash(_("Welcome to %(group)s.", group=group.name), "success")
    return redirect(url_for(".dashboard", group_id=group.id))
