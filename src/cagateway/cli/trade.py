"""``cagateway trade``: load and generate bilateral flows, and ask the trade indicators and the gap finder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
import duckdb
from rich.console import Console
from rich.table import Table

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.cooperation import trade_gaps
from cagateway.trade import (
    FORMATS,
    ComtradeQuery,
    DemoSpec,
    Target,
    TradeStore,
    breakdown,
    diversification,
    export_potential,
    fetch_comtrade,
    generate_demo_flows,
    latest_year,
    load_product_space,
    load_trade_file,
    parse_selector,
    rca_table,
    target_progress,
    turnover,
)
from cagateway.trade.errors import TradeConfigurationError

EXISTING = click.Path(path_type=Path, exists=True, dir_okay=False)
dataset_option = click.option("--dataset", default="demo", show_default=True, help="Trade dataset to use.")


@click.group("trade")
def command() -> None:
    """Trade intelligence: flows (BACI, Comtrade, national), indicators, export potential and gaps."""


def _store(app: AppContext) -> TradeStore:
    return TradeStore(app.settings.trade_dir)


@contextmanager
def _flows(app: AppContext, dataset: str) -> Iterator[tuple[duckdb.DuckDBPyConnection, dict[str, Any]]]:
    store = _store(app)
    info = store.info(dataset)
    con = store.connect(dataset)
    try:
        yield con, {"dataset": dataset, "generated": bool(info.metadata.get("generated", False))}
    finally:
        con.close()


def _usd(value: float | None) -> str:
    return "-" if value is None else f"{value / 1e6:,.1f}M"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _show(about: dict[str, Any], data: dict[str, Any], as_json: bool, render: Callable[[Console], None]) -> None:
    """Print the result with the dataset's name; generated data and mirror caveats are always said."""

    def draw(console: Console) -> None:
        if about["generated"]:
            console.print(f"[yellow]Dataset '{about['dataset']}' is GENERATED demo data, not statistics.[/yellow]")
        render(console)
        for caveat in data.get("caveats", []):
            console.print(f"[dim]Note: {caveat}[/dim]")

    emit({**about, **data}, as_json, draw)


@command.command("demo")
@dataset_option
@click.option("--first-year", default=2019, show_default=True, help="First year generated.")
@click.option("--years", default=5, show_default=True, help="How many years (1-30).")
@click.option("--products", default=200, show_default=True, help="How many HS6 products (20-5000).")
@click.option("--seed", default=7, show_default=True, help="Random seed (same seed, same data).")
@json_option
@pass_app
@handle_errors
def demo_cmd(
    app: AppContext, dataset: str, first_year: int, years: int, products: int, seed: int, as_json: bool
) -> None:
    """Generate demo flows (gravity model, calibrated to published figures), marked generated.

    \b
    Example:
        cagateway trade demo --years 5 --products 200
    """
    with Console(stderr=True).status("Generating flows ..."):
        info = generate_demo_flows(_store(app), DemoSpec(first_year, years, products, seed), dataset)
    emit(info.as_dict(), as_json, lambda c: c.print(f"{info.rows:,} GENERATED flows written to {info.path}"))


@command.command("load")
@click.argument("path", type=EXISTING)
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True, help="File format.")
@click.option("--dataset", required=True, help="Name to store the flows under.")
@click.option("--countries", type=EXISTING, help="BACI's country-code file (country_codes_V*.csv).")
@click.option("--mapping", type=EXISTING, help="National statistics: the JSON mapping of the file's columns.")
@click.option("--hs-revision", default="unknown", show_default=True, help="HS revision of the codes, e.g. HS22.")
@click.option("--concordance", type=EXISTING, help="HS correlation table (CSV: from code, to code) to recode.")
@click.option("--allow-rejects", is_flag=True, help="Store the good rows; write bad ones to rejects/<dataset>.csv.")
@json_option
@pass_app
@handle_errors
def load_cmd(
    app: AppContext,
    path: Path,
    fmt: str,
    dataset: str,
    countries: Path | None,
    mapping: Path | None,
    hs_revision: str,
    concordance: Path | None,
    allow_rejects: bool,
    as_json: bool,
) -> None:
    """Check every row of a BACI, Comtrade or national statistics file and store it as Parquet.

    A file with bad rows (unknown codes, negative values ...) is rejected with each row's reasons, unless
    --allow-rejects. Aggregates (partner World, transport-mode breakdowns) are counted, not stored.

    \b
    Example:
        cagateway trade load BACI_HS22_Y2022_V202401b.csv --format baci --countries country_codes_V202401b.csv \\
            --hs-revision HS22 --dataset baci2022
        cagateway trade load kaz_2023.csv --format national --mapping kaz.json --dataset kaz --json
    """
    with Console(stderr=True).status(f"Checking and storing {path.name} ..."):
        report = load_trade_file(
            _store(app), path, fmt, dataset, countries=countries, mapping=mapping, hs_revision=hs_revision,
            concordance=concordance, allow_rejects=allow_rejects,
        )  # fmt: skip

    def render(console: Console) -> None:
        counts = f"{report.rejected:,} rejected, {report.superseded:,} superseded, {report.mirror:,} mirror"
        console.print(f"{report.stored:,} flows stored as '{dataset}' ({report.rows:,} rows read, {counts})")
        for reason, count in report.excluded.items():
            console.print(f"  excluded {count:,}: {reason}")
        if report.rejects_file:
            console.print(f"  rejected rows and reasons: {report.rejects_file}")
        for caveat in report.caveats:
            console.print(f"[dim]Note: {caveat}[/dim]")

    emit(report.as_dict(), as_json, render)


@command.command("datasets")
@json_option
@pass_app
@handle_errors
def datasets_cmd(app: AppContext, as_json: bool) -> None:
    """List the stored trade datasets with their source and whether they are generated.

    \b
    Example:
        cagateway trade datasets --json
    """
    items = [d.as_dict() for d in _store(app).datasets()]

    def render(console: Console) -> None:
        table = Table("dataset", "rows", "source", "HS", "generated")
        for d in items:
            table.add_row(d["name"], f"{d['rows']:,}", str(d.get("source")), str(d.get("hs_revision")),
                          "yes" if d.get("generated") else "no")  # fmt: skip
        console.print(table)

    emit({"datasets": items}, as_json, render)


@command.command("fetch")
@click.option("--reporter", required=True, help="Reporting countries (alpha-3, comma-separated).")
@click.option("--year", "years", required=True, help="Years, comma-separated.")
@click.option("--partner", default="", help="Partners (alpha-3); default all.")
@click.option("--flow", default="X,M", show_default=True, help="X (exports), M (imports) or both.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="Where to save the JSON answer.")
@click.option("--load", "load_as", help="Also load the answer as this dataset.")
@json_option
@pass_app
@handle_errors
def fetch_cmd(
    app: AppContext, reporter: str, years: str, partner: str, flow: str, out: Path, load_as: str | None, as_json: bool
) -> None:
    """Download flows from the UN Comtrade API (online; a key in CAGATEWAY_COMTRADE_API_KEY lifts limits).

    \b
    Example:
        cagateway trade fetch --reporter KAZ --year 2022 --partner UZB --out kaz_uzb_2022.json --load kaz-uzb
    """
    query = ComtradeQuery(
        reporters=parse_selector(reporter, "--reporter"),
        years=tuple(int(y) for y in years.split(",") if y.strip()),
        partners=parse_selector(partner, "--partner") if partner else (),
        flows=tuple(f.strip().upper() for f in flow.split(",") if f.strip()),
    )
    with Console(stderr=True).status("Asking UN Comtrade ..."):
        result = fetch_comtrade(query, out, app.settings.comtrade_api_key)
        if load_as:
            result["load"] = load_trade_file(_store(app), out, "comtrade", load_as).as_dict()

    def render(console: Console) -> None:
        console.print(f"{result['records']:,} records saved to {result['path']}")
        if result["truncated"]:
            console.print("[yellow]The public preview returns at most 500 records: set a subscription key.[/yellow]")

    emit(result, as_json, render)


country_option = click.option("--country", required=True, help="Alpha-3 code(s) or group: KAZ, KAZ,UZB, CA.")
year_option = click.option("--year", type=int, help="Year (default: the latest in the dataset).")
top_option = click.option("--top", default=20, show_default=True, help="How many rows.")


@command.command("turnover")
@country_option
@click.option("--partner", help="Partner(s) or group; the same as --country for trade inside a group.")
@dataset_option
@json_option
@pass_app
@handle_errors
def turnover_cmd(app: AppContext, country: str, partner: str | None, dataset: str, as_json: bool) -> None:
    """Exports, imports, turnover and growth per year between a country (or group) and partners.

    \b
    Example:
        cagateway trade turnover --country CA --partner CA      # intraregional trade
        cagateway trade turnover --country KAZ --partner RUS --json
    """
    a = parse_selector(country, "--country")
    b = parse_selector(partner, "--partner") if partner else None
    with _flows(app, dataset) as (con, about):
        data = turnover(con, a, b)

    def render(console: Console) -> None:
        table = Table("year", "exports", "imports", "turnover", "growth", "mirror share")
        for y in data["years"]:
            table.add_row(str(y["year"]), _usd(y["exports"]), _usd(y["imports"]), _usd(y["turnover"]),
                          _pct(y["growth"]), _pct(y["mirror_share"]))  # fmt: skip
        console.print(table)

    _show(about, data, as_json, render)


@command.command("breakdown")
@country_option
@click.option("--direction", type=click.Choice(["exports", "imports"]), default="exports", show_default=True)
@click.option("--by", type=click.Choice(["partner", "product", "hs2", "hs4", "year"]), default="partner")
@year_option
@top_option
@dataset_option
@json_option
@pass_app
@handle_errors
def breakdown_cmd(
    app: AppContext, country: str, direction: str, by: str, year: int | None, top: int, dataset: str, as_json: bool
) -> None:
    """Exports or imports by partner, product, chapter or year, with shares and growth.

    \b
    Example:
        cagateway trade breakdown --country KAZ --direction exports --by partner --top 10
    """
    with _flows(app, dataset) as (con, about):
        data = breakdown(con, parse_selector(country), direction, by, year=year, top=top)  # type: ignore[arg-type]

    def render(console: Console) -> None:
        if by == "year":
            table = Table("year", "value", "growth")
            for y in data["items"]:
                table.add_row(str(y["year"]), _usd(y["value"]), _pct(y["growth"]))
        else:
            table = Table(by, "value", "share", "growth", title=f"{direction} {data['year']}")
            for i in data["items"]:
                table.add_row(i["key"], _usd(i["value"]), _pct(i["share"]), _pct(i["growth"]))
        console.print(table)

    _show(about, data, as_json, render)


@command.command("rca")
@click.option("--country", required=True, help="One alpha-3 code.")
@year_option
@click.option("--digits", type=click.Choice(["2", "4", "6"]), default="6", show_default=True)
@click.option("--min-rca", default=0.0, show_default=True, help="Only products with RCA at least this.")
@top_option
@dataset_option
@json_option
@pass_app
@handle_errors
def rca_cmd(
    app: AppContext, country: str, year: int | None, digits: str, min_rca: float, top: int, dataset: str, as_json: bool
) -> None:
    """Revealed comparative advantage (Balassa) of a country's products, with PCI and density.

    \b
    Example:
        cagateway trade rca --country UZB --min-rca 1 --top 15
    """
    with _flows(app, dataset) as (con, about):
        data = rca_table(con, parse_selector(country), year=year, digits=int(digits), min_rca=min_rca, top=top)

    def render(console: Console) -> None:
        table = Table("product", "RCA", "exports", "world share", "PCI", "density", title=f"ECI {data['eci']}")
        for i in data["items"]:
            pci = "-" if i["pci"] is None else f"{i['pci']:.2f}"
            table.add_row(i["product"], f"{i['rca']:.2f}", _usd(i["exports"]), _pct(i["world_share"]), pci,
                          f"{i['density']:.2f}")  # fmt: skip
        console.print(table)

    _show(about, data, as_json, render)


@command.command("potential")
@country_option
@click.option("--market", help="Only these markets (alpha-3 or group).")
@year_option
@click.option("--span", default=1, show_default=True, help="Average over this many years up to --year.")
@click.option("--min-rca", default=1.0, show_default=True, help="Supply only where RCA is at least this.")
@top_option
@dataset_option
@json_option
@pass_app
@handle_errors
def potential_cmd(
    app: AppContext, country: str, market: str | None, year: int | None, span: int, min_rca: float, top: int,
    dataset: str, as_json: bool,
) -> None:  # fmt: skip
    """Export potential (supply × demand × ease of trade) and unrealised potential by product and market.

    \b
    Example:
        cagateway trade potential --country KAZ --market CA --span 3 --top 20
    """
    markets = parse_selector(market, "--market") if market else None
    with _flows(app, dataset) as (con, about):
        data = export_potential(
            con, parse_selector(country), year=year, span=span, min_rca=min_rca, markets=markets, top=top
        )

    def render(console: Console) -> None:
        table = Table("exporter", "market", "HS6", "supply", "demand", "ease", "potential", "actual", "unrealised")
        for i in data["items"]:
            values = (_usd(i["demand"]), f"{i['ease']:.2f}", _usd(i["potential"]), _usd(i["actual"]))
            table.add_row(i["exporter"], i["importer"], i["hs6"], f"{i['supply']:.3f}", *values, _usd(i["unrealised"]))
        console.print(table)
        console.print(f"{data['products_with_unrealised_potential']} products with unrealised potential, "
                      f"total {_usd(data['unrealised'])}")  # fmt: skip

    _show(about, data, as_json, render)


@command.command("targets")
@click.option("--between", "a", required=True, help="Country or group, e.g. CA.")
@click.option("--and", "b", help="Partner(s) or group; the same group for trade inside it (default: world).")
@click.option("--value", type=float, required=True, help="Target in USD, e.g. 15e9.")
@click.option("--by", "by_year", type=int, required=True, help="Year the target should be reached.")
@click.option("--name", default="target", show_default=True, help="A label.")
@dataset_option
@json_option
@pass_app
@handle_errors
def targets_cmd(
    app: AppContext, a: str, b: str | None, value: float, by_year: int, name: str, dataset: str, as_json: bool
) -> None:
    """Progress toward a trade target: share reached, trend vs required growth, projected value.

    \b
    Example:
        cagateway trade targets --between CA --and CA --value 15e9 --by 2030 --name intraregional
    """
    target = Target(name, parse_selector(a, "--between"), parse_selector(b, "--and") if b else None, value, by_year)
    with _flows(app, dataset) as (con, about):
        data = target_progress(con, target)

    def render(console: Console) -> None:
        console.print(
            f"{name}: {_usd(data['latest_value'])} in {data['latest_year']} = {_pct(data['achieved_share'])} of "
            f"{_usd(value)} by {by_year}; trend {_pct(data['trend_growth'])}/yr, needed "
            f"{_pct(data['required_growth'])}/yr; projected {_usd(data['projected_value'])} "
            f"({'on track' if data['on_track'] else 'off track'}, reached {data['expected_year'] or 'never'})"
        )

    _show(about, data, as_json, render)


@command.command("diversify")
@country_option
@click.option("--product-space", type=click.Path(path_type=Path), help="Product-space folder (HS 1992 HS4).")
@year_option
@top_option
@dataset_option
@json_option
@pass_app
@handle_errors
def diversify_cmd(
    app: AppContext, country: str, product_space: Path | None, year: int | None, top: int, dataset: str, as_json: bool
) -> None:
    """Products to diversify into, ranked by product-space density (a rank, not dollars).

    \b
    Example:
        cagateway trade diversify --country KGZ --product-space ../shared/data/product_space
    """
    folder = product_space or app.settings.product_space_dir
    if folder is None:
        raise TradeConfigurationError("Give --product-space or set CAGATEWAY_PRODUCT_SPACE_DIR.")
    space = load_product_space(folder)
    with _flows(app, dataset) as (con, about):
        data = diversification(con, space, parse_selector(country), year or latest_year(con), top)

    def render(console: Console) -> None:
        table = Table("rank", "HS4 (1992)", "label", "density", "neighbours held")
        for i in data["items"]:
            table.add_row(str(i["rank"]), i["hs4"], i["label"], f"{i['density']:.2f}",
                          f"{i['neighbours_held']}/{i['neighbours']}")  # fmt: skip
        console.print(table)

    _show(about, data, as_json, render)


@command.command("gaps")
@click.option("--country", default="CA", show_default=True, help="Exporters: a country or the region (CA).")
@click.option("--region", default="CA", show_default=True, help="The region whose outside imports count.")
@year_option
@click.option("--span", default=1, show_default=True, help="Average over this many years up to --year.")
@click.option("--min-outside", default=1e6, show_default=True, help="Market's imports from outside, USD, at least.")
@click.option("--require-capacity", is_flag=True, help="Only producers with a stated capacity.")
@top_option
@dataset_option
@json_option
@pass_app
@handle_errors
def gaps_cmd(
    app: AppContext, country: str, region: str, year: int | None, span: int, min_outside: float,
    require_capacity: bool, top: int, dataset: str, as_json: bool,
) -> None:  # fmt: skip
    """Product × market gaps that registered producers could fill, ranked by unrealised potential.

    \b
    Example:
        cagateway trade gaps --country KAZ --min-outside 5e6 --top 30
    """
    exporters, members = parse_selector(country, "--country"), parse_selector(region, "--region")
    with _flows(app, dataset) as (con, about), app.db.session() as session:
        data = trade_gaps(session, con, exporters, members, year=year, span=span, min_outside=min_outside,
                          require_capacity=require_capacity, top=top)  # fmt: skip

    def render(console: Console) -> None:
        table = Table("exporter", "market", "HS6", "outside imports", "unrealised", "producers")
        for i in data["items"]:
            names = ", ".join(f"{p['name']} ({p['producer_id']})" for p in i["producers"][:3])
            more = len(i["producers"]) - 3
            table.add_row(i["exporter"], i["market"], i["hs6"], _usd(i["outside_imports"]), _usd(i["unrealised"]),
                          names + (f" +{more}" if more > 0 else ""))  # fmt: skip
        console.print(table)
        console.print(f"{data['gaps']} gaps in {data['products']} products; "
                      f"{data['registered_product_lines']} registered product lines considered")  # fmt: skip

    _show(about, data, as_json, render)
