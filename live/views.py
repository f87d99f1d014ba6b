"""Pages of the live final: join and play (phones), audience, stage (projector),
host (tablet), results; the host's actions and the polling fallback as JSON."""

from __future__ import annotations

import json

from channels.layers import get_channel_layer
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from accounts.ratelimits import client_address
from core.http import status_for

from . import access, payloads, rules, services
from . import messages as msg
from .broadcast import run_sync
from .consumers import AUDIENCE_SESSION, PLAYER_SESSION, notify_answer
from .forms import JoinForm
from .models import LiveGame, LivePlayer


def _get_game(game_id: int) -> LiveGame:
    return get_object_or_404(LiveGame.objects.select_related("contest"), pk=game_id)


def _get_game_for_host(request: HttpRequest, game_id: int) -> LiveGame:
    game = _get_game(game_id)
    if not access.can_host(request.user, game):
        raise PermissionDenied
    return game


def _session_player(
    request: HttpRequest, game: LiveGame
) -> tuple[LivePlayer | None, str]:
    """The player this browser signed in as, or None with the reason (taken over
    by another device, or never signed in)."""
    entry = request.session.get(PLAYER_SESSION.format(game_id=game.id))
    if not isinstance(entry, dict):
        return None, msg.SIGN_IN_AGAIN
    player = LivePlayer.objects.filter(pk=entry.get("id"), game=game).first()
    if player is None:
        return None, msg.SIGN_IN_AGAIN
    if player.token_version != entry.get("v"):
        return None, msg.TAKEN_OVER
    return player, ""


def _join_key(group, request):
    return (
        f"{request.resolver_match.kwargs['game_id']}:{request.POST.get('number', '')}"
    )


# Per candidate number, never per address: a hall's phones share one Wi-Fi.
@ratelimit(key=_join_key, rate="10/5m", method="POST", block=False)
def join(request: HttpRequest, game_id: int) -> HttpResponse:
    """Phones sign in with SBD + PIN; a second device takes the player over."""
    game = _get_game(game_id)
    form = JoinForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.add_error(None, msg.TOO_MANY_TRIES)
            status = 429
        elif form.is_valid():
            try:
                player = services.login_player(
                    game,
                    number=form.cleaned_data["number"],
                    pin=form.cleaned_data["pin"],
                )
            except services.LiveError as error:
                form.add_error(None, str(error))
                status = 400
            else:
                request.session[PLAYER_SESSION.format(game_id=game.id)] = {
                    "id": player.id,
                    "v": player.token_version,
                }
                request.session.cycle_key()
                return redirect("live:play", game_id=game.id)
        else:
            status = 400
    notice = request.GET.get("ly-do") == "thiet-bi-khac" and msg.TAKEN_OVER
    return render(
        request,
        "live/join.html",
        {"game": game, "form": form, "notice": notice},
        status=status,
    )


def play(request: HttpRequest, game_id: int) -> HttpResponse:
    game = _get_game(game_id)
    player, reason = _session_player(request, game)
    if player is None:
        response = redirect("live:join", game_id=game.id)
        if reason == msg.TAKEN_OVER:
            response["Location"] += "?ly-do=thiet-bi-khac"
        return response
    return render(request, "live/play.html", {"game": game, "player": player})


# New audience members per address: a hall's phones share one Wi-Fi, so the limit
# is a hall's (a thousand seats), but a script without cookies cannot fill the table.
AUDIENCE_JOIN_RATE = "1000/10m"


def _address_key(group: str, request: HttpRequest) -> str:
    return client_address(request)


def audience(request: HttpRequest, game_id: int) -> HttpResponse:
    """Anyone in the hall joins as audience, without a PIN."""
    game = _get_game(game_id)
    key = AUDIENCE_SESSION.format(game_id=game.id)
    if not isinstance(request.session.get(key), int):
        if is_ratelimited(
            request,
            group=f"live-audience-{game.id}",
            key=_address_key,
            rate=AUDIENCE_JOIN_RATE,
            increment=True,
        ):
            return render(
                request,
                "live/message.html",
                {"game": game, "text": msg.TOO_MANY_AUDIENCE},
                status=429,
            )
        try:
            request.session[key] = services.join_audience(game).id
        except services.LiveError as error:
            return render(
                request, "live/message.html", {"game": game, "text": str(error)}
            )
    return render(request, "live/audience.html", {"game": game})


@login_required
def stage(request: HttpRequest, game_id: int) -> HttpResponse:
    game = _get_game(game_id)
    if not access.can_show_stage(request.user, game):
        raise PermissionDenied
    return render(request, "live/stage.html", {"game": game})


@login_required
def host(request: HttpRequest, game_id: int) -> HttpResponse:
    game = _get_game_for_host(request, game_id)
    return render(request, "live/host.html", {"game": game})


HOST_ACTIONS = {
    "next": lambda game, actor, data: services.next_question(game.id, actor=actor),
    "open": lambda game, actor, data: services.open_question(game.id, actor=actor),
    "lock": lambda game, actor, data: services.lock_now(game.id, actor=actor),
    "reveal": lambda game, actor, data: services.reveal(game.id, actor=actor),
    "pause": lambda game, actor, data: services.set_paused(
        game.id, paused=True, actor=actor
    ),
    "resume": lambda game, actor, data: services.set_paused(
        game.id, paused=False, actor=actor
    ),
    "rescue": lambda game, actor, data: services.call_rescue(game.id, actor=actor),
    "correct-key": lambda game, actor, data: services.correct_key(
        game.id,
        position=_int(data, "choice"),
        reason=str(data.get("reason", "")),
        actor=actor,
    ),
    "eliminate": lambda game, actor, data: services.set_player_standing(
        game.id,
        number=_int(data, "number"),
        standing=False,
        reason=str(data.get("reason", "")),
        actor=actor,
    ),
    "reinstate": lambda game, actor, data: services.set_player_standing(
        game.id,
        number=_int(data, "number"),
        standing=True,
        reason=str(data.get("reason", "")),
        actor=actor,
    ),
    "move": lambda game, actor, data: services.move_question(
        _int(data, "question"), order=_int(data, "order")
    ),
    "finish": lambda game, actor, data: services.finish_game(game.id, actor=actor),
}


def _int(data: dict, name: str) -> int:
    try:
        return int(data.get(name))
    except (TypeError, ValueError, OverflowError):  # JSON's Infinity: OverflowError
        raise services.LiveError(msg.BAD_FIELD.format(field=name)) from None


def _request_data(request: HttpRequest) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST.dict()


@login_required
@require_POST
def host_action(request: HttpRequest, game_id: int, action: str) -> JsonResponse:
    game = _get_game_for_host(request, game_id)
    handler = HOST_ACTIONS.get(action)
    if handler is None:
        return JsonResponse({"error": msg.UNKNOWN_ACTION}, status=404)
    data = _request_data(request)
    try:
        # move_question knows no game: a question of another game is not found.
        if (
            action == "move"
            and not game.questions.filter(pk=_int(data, "question")).exists()
        ):
            return JsonResponse({"error": msg.UNKNOWN_QUESTION}, status=404)
        handler(game, request.user, data)
    except services.LiveError as error:
        body = {"error": str(error)}
        if isinstance(error, services.TooEarly):
            body["wait_ms"] = error.wait_ms
        return JsonResponse(body, status=status_for(error))
    return JsonResponse({"ok": True})


def state(request: HttpRequest, game_id: int, role: str) -> JsonResponse:
    """The polling fallback: the same payload the socket would have sent; the
    shared part comes from a cache a broadcast refreshes (payloads.cached_public),
    so a hall of phones polling at once costs one build a second."""
    game = _get_game(game_id)
    if role == "thi-sinh":
        player, reason = _session_player(request, game)
        if player is None:
            kind = "taken_over" if reason == msg.TAKEN_OVER else "signed_out"
            return JsonResponse({"type": kind, "message": reason}, status=403)
        data = payloads.polled_player_payload(game.id, player)
    elif role == "khan-gia":
        member = request.session.get(AUDIENCE_SESSION.format(game_id=game.id))
        if not isinstance(member, int):
            return JsonResponse(
                {"type": "signed_out", "message": msg.NOT_AUDIENCE}, status=403
            )
        data = payloads.polled_audience_payload(game.id, member)
    elif role == "man-hinh" and access.can_show_stage(request.user, game):
        data = payloads.cached_public(game.id, "stage")
    elif role == "dieu-khien" and access.can_host(request.user, game):
        data = payloads.host_payload(payloads.load_snapshot(game.id))
    else:
        raise PermissionDenied
    response = JsonResponse({"type": "state", **data})
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def answer(request: HttpRequest, game_id: int) -> JsonResponse:
    """An answer by ordinary POST (the socket is down): the same service, the same
    one-answer-per-run rule."""
    received_at = timezone.now()
    game = _get_game(game_id)
    data = _request_data(request)
    try:
        run_id, choice = _int(data, "run"), _int(data, "choice")
    except services.LiveError as error:
        return JsonResponse({"type": "error", "message": str(error)}, status=400)
    player, reason = _session_player(request, game)
    try:
        if player is not None:
            ack = services.submit_answer(
                player_id=player.id,
                run_id=run_id,
                position=choice,
                received_at=received_at,
            )
        else:
            member = request.session.get(AUDIENCE_SESSION.format(game_id=game.id))
            if not isinstance(member, int):
                return JsonResponse(
                    {"type": "signed_out", "message": reason}, status=403
                )
            ack = services.submit_audience_answer(
                member_id=member,
                run_id=run_id,
                position=choice,
                received_at=received_at,
            )
    except services.LiveError as error:
        return JsonResponse(
            {"type": "error", "run": run_id, "message": str(error)}, status=400
        )
    if ack.new and player is not None:
        layer = get_channel_layer()
        if layer is not None:
            run_sync(notify_answer, layer, game.id, ack)
    return JsonResponse(
        {
            "type": "ack",
            "run": ack.run_id,
            "choice": rules.letter(ack.position),
            "req": data.get("req"),
        }
    )


def results(request: HttpRequest, game_id: int) -> HttpResponse:
    """After the game: survivors, order of elimination, prizes. Staff see it at
    any time; everyone once the game is finished."""
    game = _get_game(game_id)
    if game.status != LiveGame.Status.FINISHED and not access.can_show_stage(
        request.user, game
    ):
        return render(
            request,
            "live/message.html",
            {"game": game, "text": msg.RESULTS_NOT_YET},
            status=403,
        )
    from awards.exports.final import final_result
    from awards.models import Award

    prizes = {
        a.source_id: a
        for a in Award.objects.filter(
            contest=game.contest, part=Award.Part.FINAL, source_id__isnull=False
        )
    }
    rows = [
        {
            "player": p,
            "award": prizes.get(p.id),
            "result": final_result(p.is_in, p.out_run.number if p.out_run else None),
        }
        for p in game.players.select_related("unit", "out_run").order_by(
            "final_rank", "-is_in", "-out_run__number", "number"
        )
    ]
    return render(request, "live/results.html", {"game": game, "rows": rows})


@login_required
def print_pins(request: HttpRequest, game_id: int) -> HttpResponse:
    """The list of PINs to print: new PINs for everyone (the old stop working)."""
    game = _get_game_for_host(request, game_id)
    if request.method != "POST":
        return render(request, "live/pins_confirm.html", {"game": game})
    printed = services.reset_pins(game)
    return render(request, "live/pins.html", {"game": game, "printed": printed})


@login_required
def roster(request: HttpRequest, game_id: int) -> HttpResponse:
    """The players: the list, and lines typed or pasted from Excel to add (all or
    nothing; errors name their line). The new players' PINs are shown once."""
    game = _get_game_for_host(request, game_id)
    errors: list[str] = []
    text = ""
    if request.method == "POST":
        text = request.POST.get("roster", "")
        try:
            printed = services.register_roster(game, text)
        except services.RosterError as error:
            errors = error.errors
        else:
            return render(request, "live/pins.html", {"game": game, "printed": printed})
    players = game.players.select_related("unit", "user").order_by("number")
    return render(
        request,
        "live/roster.html",
        {"game": game, "players": players, "errors": errors, "text": text},
        status=400 if errors else 200,
    )
