"""The committee's review: appointing reviewers, assigning them, conflicts of interest."""
