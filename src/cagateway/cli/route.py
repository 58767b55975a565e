"""``cagateway route``: days, cost and CO2 between two places over the corridors; capacity, delivered, scenarios.

``cagateway route FROM TO`` plans a route (the ``plan`` subcommand, named or not); ``route capacity FLOWS.csv``
assigns yearly flows to the corridors; ``route delivered TO ID...`` gives producers' delivered figures;
``route scenarios`` lists the what-if overlays.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.cooperation.delivery import delivered_to, resolve_endpoint
from cagateway.errors import FieldError, InvalidInput
from cagateway.logistics import (
    Flow,
    InvalidTonnage,
    assign_flows,
    compare_assignment,
    compare_route,
    list_scenarios,
    plan_route,
    plan_routes,
)
from cagateway.logistics.curated import default_data_dir


def _render(result: dict[str, Any]) -> Any:
    def render(console: Console) -> None:
        console.print(
            f"[bold]{result['from']} → {result['to']}[/bold] ({result['optimize']}-optimal, {result['scenario']}): "
            f"{result['days']} days, {result['km']} km, USD {result['usd_per_t']}/t, "
            f"{result['kg_co2e_per_t']} kg CO2e/t (well-to-wheel); for {result['tonnes']} t: "
            f"USD {result['cost_usd']}, {result['co2e_kg']} kg CO2e"
        )
        table = Table("step", "mode", "from", "to", "country", "km", "hours", "USD/t", "kg CO2e/t", "corridor")
        for leg in result["legs"]:
            table.add_row(leg["kind"], leg["mode"], leg["from"], leg["to"], leg["country"], f"{leg['km']:.0f}",
                          f"{leg['hours']:.1f}", f"{leg['usd_per_t']:.2f}", f"{leg['kg_co2e_per_t']:.2f}",
                          ", ".join(leg["corridors"]))  # fmt: skip
        console.print(table)

    return render


def _render_compare(body: dict[str, Any]) -> Any:
    def render(console: Console) -> None:
        console.print("[bold]before[/bold]")
        _render(body["before"])(console)
        console.print("[bold]after[/bold]")
        _render(body["after"])(console)
        d = body["delta"]
        console.print(f"change: {d['days']:+} days, USD {d['usd_per_t']:+}/t, {d['kg_co2e_per_t']:+} kg CO2e/t")

    return render


class _RouteGroup(click.Group):
    """A group whose first argument, when it is no subcommand, is the FROM of ``plan``: ``route Altynkol Baku``."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["plan", *args]
        return super().parse_args(ctx, args)


@click.group("route", cls=_RouteGroup)
def command() -> None:
    """Routes, capacity and delivered figures over the corridors (FROM TO alone plans a route).

    \b
    Example:
        cagateway route Altynkol Baku --modes rail,ferry --json
        cagateway route producer:0a1b2c3d4e Baku --optimize cost
        cagateway route capacity flows.csv --scenario trans-caspian-10mt --compare
        cagateway route delivered Baku 0a1b2c3d4e 5f6g7h8j9k --json
        cagateway route scenarios
    """


def _endpoints(session: Session, origin: str, destination: str) -> tuple[Any, Any]:
    """FROM and TO, with ``producer:ID`` turned into that producer's site."""
    return resolve_endpoint(session, origin, "from"), resolve_endpoint(session, destination, "to")


@command.command("plan")
@click.argument("origin", metavar="FROM")
@click.argument("destination", metavar="TO")
@click.option("--optimize", type=click.Choice(["time", "cost", "co2"]), default="time", show_default=True)
@click.option("--avoid", default="", help="Comma-separated countries (RU) or crossings/links (DOSTYK-ALASHANKOU).")
@click.option("--scenario", help="Scenario name from data/logistics/scenarios, e.g. trans-caspian-10mt.")
@click.option("--tonnes", type=float, default=1.0, show_default=True, help="Tonnes shipped (scales cost and CO2).")
@click.option("--modes", default="", help="Main-haul modes to allow, e.g. rail,ferry (default: all).")
@click.option("--alternatives", type=click.IntRange(1, 10), default=1, help="Up to K distinct routes.")
@click.option("--pareto", is_flag=True, help="The routes no other beats on all of time, cost and CO2.")
@click.option("--compare", is_flag=True, help="With --scenario: the route before and after the scenario.")
@json_option
@pass_app
@handle_errors
def plan(app: AppContext, origin: str, destination: str, optimize: str, avoid: str, scenario: str | None,
         tonnes: float, modes: str, alternatives: int, pareto: bool, compare: bool,
         as_json: bool) -> None:  # fmt: skip
    """Route FROM → TO (UN/LOCODE, place name, producer:ID or lat,lon): days, USD and kg CO2e, leg by leg.

    `cagateway route FROM TO` is the same command. The first run builds the regional rail/road network from
    scgraph-data and caches it (~30 s).

    \b
    Example:
        cagateway route Altynkol Baku --modes rail,ferry
        cagateway route KZALA "43.65,51.17" --optimize co2 --avoid RU --json
        cagateway route producer:0a1b2c3d4e Baku --optimize cost --tonnes 20
        cagateway route Xi'an Poti --scenario trans-caspian-10mt --tonnes 20
        cagateway route Xi'an Baku --pareto --json            # {"routes": [...]}
        cagateway route Tacheng Ayagoz --scenario bakhty-ayagoz-open --compare --json
    """
    split = [x.strip() for x in avoid.split(",") if x.strip()]
    mode_list = [x.strip() for x in modes.split(",") if x.strip()]
    options: dict[str, Any] = {"optimize": optimize, "avoid": split, "scenario": scenario, "tonnes": tonnes,
                               "modes": mode_list, "show_progress": not as_json}  # fmt: skip
    if compare and not scenario:
        raise click.UsageError("--compare needs --scenario NAME")
    with app.db.session() as session:
        a, b = _endpoints(session, origin, destination)
        if compare:
            del options["scenario"]
            body = compare_route(app.settings, a, b, str(scenario), session=session, **options)
            emit(body, as_json, _render_compare(body))
            return
        if alternatives == 1 and not pareto:
            result = plan_route(app.settings, a, b, session=session, **options).as_dict()
            emit(result, as_json, _render(result))
            return
        routes = plan_routes(app.settings, a, b, alternatives=alternatives, pareto=pareto, session=session,
                             **options)  # fmt: skip
    bodies = [route.as_dict() for route in routes]

    def render(console: Console) -> None:
        for body in bodies:
            _render(body)(console)

    emit({"routes": bodies}, as_json, render)


_FLOW_COLUMNS = {"origin": ("origin", "from"), "destination": ("destination", "to"),
                 "tonnes": ("tonnes_per_year", "tonnes")}  # fmt: skip


def _column(header: list[str], name: str) -> str:
    for alias in _FLOW_COLUMNS[name]:
        if alias in header:
            return alias
    raise InvalidInput.single("flows", f"the CSV needs a column {' or '.join(_FLOW_COLUMNS[name])}", header)


def _tonnes(text: str, line: int) -> float:
    try:
        value = float(text.replace("_", "").replace(" ", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        message = f"line {line}: {text!r} is not a tonnage; give a number of tonnes a year ≥ 0"
        raise InvalidTonnage(f"flows: {message}", [FieldError(f"line {line}", message, text)])
    return value


def read_flows(path: Path) -> list[Flow]:
    """Flows from a CSV with columns origin (or from), destination (or to), tonnes_per_year (or tonnes)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or []]
        reader.fieldnames = header
        cols = [_column(header, name) for name in ("origin", "destination", "tonnes")]
        flows = [Flow(row[cols[0]].strip(), row[cols[1]].strip(), _tonnes(row[cols[2]] or "", i))
                 for i, row in enumerate(reader, start=2)]  # fmt: skip
    if not flows:
        raise InvalidInput.single("flows", f"{path} has no flows (one row per origin, destination, tonnes a year)")
    return flows


def _render_assignment(body: dict[str, Any]) -> Any:
    def render(console: Console) -> None:
        full = ", ".join(body["bottlenecks"]) or "none"
        console.print(f"[bold]Assignment ({body['scenario']})[/bold]: {len(body['flows'])} flows, "
                      f"unserved {body['unserved_t']:,.0f} t, bottlenecks: {full}")  # fmt: skip
        table = Table("section", "kind", "flow t/yr", "capacity t/yr", "year", "utilisation")
        for s in sorted(body["sections"], key=lambda s: -s["utilisation"]):
            mark = " [red]full[/red]" if s["id"] in body["bottlenecks"] else ""
            table.add_row(s["id"], s["kind"], f"{s['flow_t']:,.0f}", f"{s['capacity_t']:,.0f}",
                          s["capacity_year"], f"{s['utilisation']:.0%}{mark}")  # fmt: skip
        console.print(table)
        flows = Table("from", "to", "t/yr", "unserved t", "paths (t)")
        for f in body["flows"]:
            used = "; ".join(f"{p['label']} {p['tonnes']:,.0f}" for p in f["paths"] if p["tonnes"] > 0)
            flows.add_row(f["from"], f["to"], f"{f['tonnes_per_year']:,.0f}", f"{f['unserved_t']:,.0f}", used)
        console.print(flows)

    return render


def _render_assignment_compare(body: dict[str, Any]) -> Any:
    def render(console: Console) -> None:
        console.print("[bold]before[/bold]")
        _render_assignment(body["before"])(console)
        console.print("[bold]after[/bold]")
        _render_assignment(body["after"])(console)
        d = body["delta"]
        console.print(f"change: unserved {d['unserved_t']:+,.0f} t, cost USD {d['total_cost_usd']:+,.0f}; "
                      f"bottlenecks relieved: {', '.join(d['bottlenecks_relieved']) or 'none'}; "
                      f"new: {', '.join(d['bottlenecks_new']) or 'none'}")  # fmt: skip

    return render


@command.command("capacity")
@click.argument("flows_csv", metavar="FLOWS.csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--scenario", help="Assign on this scenario (with --compare: the 'after').")
@click.option("--compare", is_flag=True, help="With --scenario: the assignment before and after the scenario.")
@json_option
@pass_app
@handle_errors
def capacity(app: AppContext, flows_csv: Path, scenario: str | None, compare: bool, as_json: bool) -> None:
    """Assign yearly flows (CSV: origin,destination,tonnes_per_year) honouring corridor and crossing capacities.

    Prints utilisation per capacity section (crossings, lines, corridors, with the year of each capacity) and
    the bottlenecks (sections at capacity); flows that do not fit are reported as unserved tonnes. Origins and
    destinations take every FROM/TO form of `cagateway route`, including producer:ID.

    \b
    Example:
        printf 'origin,destination,tonnes_per_year\\nAltynkol,Baku,9000000\\n' > flows.csv
        cagateway route capacity flows.csv --json
        cagateway route capacity flows.csv --scenario trans-caspian-10mt --compare
    """
    if compare and not scenario:
        raise click.UsageError("--compare needs --scenario NAME")
    flows = read_flows(flows_csv)
    with app.db.session() as session:
        flows = [Flow(*_endpoints(session, str(f.origin), str(f.destination)), f.tonnes_per_year) for f in flows]
        if compare:
            body = compare_assignment(app.settings, flows, str(scenario), session)
            emit(body, as_json, _render_assignment_compare(body))
            return
        body = assign_flows(app.settings, flows, scenario, session)
    emit(body, as_json, _render_assignment(body))


@command.command("delivered")
@click.argument("destination", metavar="TO")
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@click.option("--optimize", type=click.Choice(["time", "cost", "co2"]), default="time", show_default=True)
@click.option("--avoid", default="", help="Comma-separated countries or crossings to avoid.")
@click.option("--scenario", help="Scenario name, e.g. trans-caspian-10mt.")
@click.option("--modes", default="", help="Main-haul modes to allow, e.g. rail,ferry (default: all).")
@json_option
@pass_app
@handle_errors
def delivered(app: AppContext, destination: str, ids: tuple[str, ...], optimize: str, avoid: str,
              scenario: str | None, modes: str, as_json: bool) -> None:  # fmt: skip
    """Delivered to TO from each producer: days, USD per tonne and kg CO2e per tonne (one search for all).

    A producer that is unknown, has no located site or cannot reach TO is listed with its error.

    \b
    Example:
        cagateway route delivered Baku 0a1b2c3d4e 5f6g7h8j9k
        cagateway route delivered "Istanbul" 0a1b2c3d4e --optimize cost --json
    """
    with app.db.session() as session:
        body = delivered_to(app.settings, session, list(ids), destination, optimize=optimize,
                            avoid=[a.strip() for a in avoid.split(",") if a.strip()], scenario=scenario,
                            modes=[m.strip() for m in modes.split(",") if m.strip()])  # fmt: skip

    def render(console: Console) -> None:
        table = Table("producer", "from", "days", "USD/t", "kg CO2e/t")
        for item in body["items"]:
            if item["ok"]:
                table.add_row(item["id"], item["from"], f"{item['days']:.1f}", f"{item['usd_per_t']:.0f}",
                              f"{item['kg_co2e_per_t']:.0f}")  # fmt: skip
            else:
                table.add_row(item["id"], f"[red]{item['code']}[/red]: {item['error']}", "", "", "")
        console.print(f"[bold]Delivered to {body['to']}[/bold] ({body['optimize']}-optimal, {body['scenario']})")
        console.print(table)

    emit(body, as_json, render)


@command.command("scenarios")
@json_option
@pass_app
@handle_errors
def scenarios(app: AppContext, as_json: bool) -> None:
    """The what-if scenarios (name, version, title) that --scenario accepts.

    \b
    Example:
        cagateway route scenarios --json
    """
    items = list_scenarios(app.settings.logistics_data_dir or default_data_dir())

    def render(console: Console) -> None:
        table = Table("name", "version", "title")
        for item in items:
            table.add_row(item["name"], str(item["version"]), item["title"])
        console.print(table)

    emit({"items": items}, as_json, render)
