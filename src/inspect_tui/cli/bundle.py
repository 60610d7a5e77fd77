"""`inspect-tui bundle …`: one inspector's round as a JSON file; import and merge them."""

from __future__ import annotations

from pathlib import Path

import click

from .. import bundle as bundle_mod
from ..bundle import Bundle
from ..bundle_store import bundle_from_store, import_bundle, write_merge
from ..errors import UserError
from ..export import write_atomic
from ..merge_plan import MergePlan
from .common import echo, open_store, round_key


def _read(path: Path) -> Bundle:
    return bundle_mod.parse(path.read_bytes(), path.name)


@click.group()
def bundle() -> None:
    """Exchange rounds between inspectors' laptops (JSON bundles)."""


@bundle.command("export")
@click.argument("round_key", metavar="ROUND", callback=round_key)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--inspector", default=None, help="Your name in the bundle (default: your login).")
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
@click.pass_context
def bundle_export(
    ctx: click.Context, round_key: str, output: Path, inspector: str | None, force: bool
) -> None:
    """Write ROUND (metadata, roster and checklist snapshots, findings, verdicts) to a bundle."""
    with open_store(ctx) as store:
        b = bundle_from_store(store, round_key, inspector)
        write_atomic(output, bundle_mod.dump(b), force=force)
        echo(f"Wrote {output}: round {round_key}, {len(b.findings)} findings, by {b.inspector}.")


@bundle.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def bundle_import(ctx: click.Context, file: Path) -> None:
    """Load a bundle as a new round. The database is unchanged if the bundle is invalid."""
    b = _read(file)
    with open_store(ctx) as store:
        import_bundle(store, b, source=f"bundle {file.name} by {b.inspector}")
        echo(f"Imported round {b.key}: {len(b.sites)} sites, {len(b.findings)} findings.")


@bundle.command("merge")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--prefer",
    default=None,
    help="Resolve every conflict with this party's entry (a name the conflicts list).",
)
@click.pass_context
def bundle_merge(ctx: click.Context, files: tuple[Path, ...], prefer: str | None) -> None:
    """Combine several inspectors' bundles of one round, per site and category.

    Identical entries merge silently. Different entries are conflicts: they are listed and
    nothing is written, unless --prefer NAME says whose entry wins. Each bundle is one party
    (two bundles by one inspector are two, named "inspector (file)"). If the round already
    exists here, its own entries take part as one more party.
    """
    bundles = [_read(f) for f in files]
    paths = list(files)
    with open_store(ctx) as store:
        key = bundles[0].key
        local = store.has_round(key)
        if local:
            bundles.insert(0, bundle_from_store(store, key, inspector=f"{store.actor} (local)"))
            paths.insert(0, store.path)
        # The same plan as the app's merge screen: parties by bundle, named by party_labels.
        plan = MergePlan.build(bundles, paths, local=local)
        if prefer is not None:
            plan.prefer(bundle_mod.resolve_prefer(bundles, prefer))
        if plan.unresolved:
            for c in plan.unresolved:
                echo(f"conflict: {c}", err=True)
            raise UserError(
                "error.cli.merge_conflicts",
                count=len(plan.unresolved),
                names=", ".join(repr(label) for label in plan.labels),
            )
        result = plan.merge()
        write_merge(
            store, bundles[0], result, "merge of " + ", ".join(f.name for f in files), existed=local
        )
        echo(
            f"Merged {len(files)} bundles into round {key}: {len(result.findings)} findings, "
            f"{result.merged_silently} identical entries combined."
        )
