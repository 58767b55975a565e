"""``cagateway route``: days, cost and CO2 between two places over the corridors."""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cagateway.cli._common import AppContext, emit, handle_errors, json_option, pass_app
from cagateway.logistics import compare_route, plan_route, plan_routes


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


@click.command("route")
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
def command(app: AppContext, origin: str, destination: str, optimize: str, avoid: str, scenario: str | None,
            tonnes: float, modes: str, alternatives: int, pareto: bool, compare: bool,
            as_json: bool) -> None:  # fmt: skip
    """Route FROM → TO (UN/LOCODE, place name or lat,lon): days, USD and kg CO2e, leg by leg.

    The first run builds the regional rail/road network from scgraph-data and caches it (~30 s).

    \b
    Example:
        cagateway route Altynkol Baku --modes rail,ferry
        cagateway route KZALA "43.65,51.17" --optimize co2 --avoid RU --json
        cagateway route Xi'an Poti --scenario trans-caspian-10mt --tonnes 20
        cagateway route Xi'an Baku --pareto --json            # {"routes": [...]}
        cagateway route Tacheng Ayagoz --scenario bakhty-ayagoz-open --compare --json
    """
    split = [x.strip() for x in avoid.split(",") if x.strip()]
    mode_list = [x.strip() for x in modes.split(",") if x.strip()]
    options: dict[str, Any] = {"optimize": optimize, "avoid": split, "scenario": scenario, "tonnes": tonnes,
                               "modes": mode_list, "show_progress": not as_json}  # fmt: skip
    if compare:
        if not scenario:
            raise click.UsageError("--compare needs --scenario NAME")
        del options["scenario"]
        with app.db.session() as session:
            body = compare_route(app.settings, origin, destination, scenario, session=session, **options)
        emit(body, as_json, _render_compare(body))
        return
    with app.db.session() as session:
        if alternatives == 1 and not pareto:
            result = plan_route(app.settings, origin, destination, session=session, **options).as_dict()
            emit(result, as_json, _render(result))
            return
        routes = plan_routes(app.settings, origin, destination, alternatives=alternatives, pareto=pareto,
                             session=session, **options)  # fmt: skip
    bodies = [route.as_dict() for route in routes]

    def render(console: Console) -> None:
        for body in bodies:
            _render(body)(console)

    emit({"routes": bodies}, as_json, render)
