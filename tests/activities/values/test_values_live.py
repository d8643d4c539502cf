"""Round 1 of a values exercise on real sockets: until the facilitator shows it, no push
to any screen (projector, facilitator, phones) carries anything of the answers."""

import json

from tests.activities.values.test_values import ROUND_ONE_MARKS, STATEMENTS
from tests.flows import act, create_workshop, move_phase
from tests.test_realtime import Screen, join_phones, until


async def test_no_socket_payload_carries_round_one_before_it_is_shown(live_server):
    facilitator = Screen(live_server.url)
    workshop = await facilitator.do(create_workshop, method="values")
    code = workshop["code"]
    await facilitator.open(f"/w/{code}/facilitator")
    projector = Screen(live_server.url)
    await projector.open(workshop["projector_url"].replace(live_server.url, ""))
    screens = [facilitator, projector]
    try:
        phones = await join_phones(live_server, workshop, screens, 3)
        await facilitator.do(move_phase, workshop, 0)
        await facilitator.do(act, f"/w/{code}/values/statements", workshop["csrf"],
                             statements="\n".join(STATEMENTS))
        for phone, positions in zip(phones, ((1, 2, 4), (4, 3, 1), (2, 2, 2))):
            answered = await phone.do(act, f"/w/{code}/values", phone.csrf,
                                      **{f"statement-{n}": str(p)
                                         for n, p in enumerate(positions, 1)})
            assert answered.status_code == 200
        await until(lambda: any("3 har svarat" in json.dumps(data, ensure_ascii=False)
                                for data in projector.received("values_changed")))
        for screen in screens:
            pushed = json.dumps(screen.events, ensure_ascii=False)
            assert screen.events and not [mark for mark in ROUND_ONE_MARKS if mark in pushed]

        await facilitator.do(act, f"/w/{code}/values/show", workshop["csrf"], show="1")
        await until(lambda: any("values-counts" in data["html"]
                                for data in projector.received("phase_changed")))
    finally:
        for screen in screens:
            await screen.close()
