import click


@click.group("demo")
def demo_cli():
    """placeholder"""
