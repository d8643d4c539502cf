"""What each group wrote: free text attributed to a group takes the higher k (8), with
the next smallest group hidden too, and a filter that combines groups is refused when
it, or the rest of the room, holds fewer than k writers."""


from tests.flows import act, another_browser, create_workshop, join, move_phase, sv

WRITERS = {"Ung": 9, "Vårdnadshavare": 8, "Personal": 3}


def room_that_wrote(client) -> dict:
    workshop = create_workshop(client)
    for label in WRITERS:
        client.post(f"/w/{workshop['code']}/groups",
                    data={"csrf_token": workshop["csrf"], "label": label})
    move_phase(client, workshop, 0)
    for number, (label, count) in enumerate(WRITERS.items(), 1):
        for n in range(count):
            phone = another_browser(client)
            csrf = join(phone, workshop["code"], group=str(number))
            assert act(phone, f"/w/{workshop['code']}/topics", csrf,
                       text=f"{label} önskar {n}").status_code == 200
    return workshop


def test_a_group_with_fewer_than_eight_writers_and_the_next_smallest_are_hidden(client):
    workshop = room_that_wrote(client)
    page = client.get(f"/w/{workshop['code']}/posts-by-group").text
    assert "Ung önskar 8" in page
    assert "Personal önskar" not in page and "Vårdnadshavare önskar" not in page
    assert "Dold: färre än 8 svar" in page
    assert "Dold: så att ingen kan räkna ut en mindre grupp från summan" in page
    assert another_browser(client).get(f"/w/{workshop['code']}/posts-by-group").status_code == 403


def test_combining_groups_is_refused_when_it_or_the_rest_has_fewer_than_eight(client):
    workshop = room_that_wrote(client)
    code = workshop["code"]
    together = client.get(f"/w/{code}/posts-by-group?group=2&group=3")
    assert together.status_code == 200
    assert "Vårdnadshavare önskar 0" in together.text and "Personal önskar 0" in together.text
    assert "Ung önskar" not in together.text
    for combination in ("group=3", "group=1&group=2"):  # 3 inside; 3 left outside
        refused = client.get(f"/w/{code}/posts-by-group?{combination}")
        assert refused.status_code == 422
        assert sv("That combination of groups has fewer than %(k)s people who wrote, or "
                  "leaves fewer than %(k)s outside it. Choose more groups.") % {"k": 8} \
            in refused.text
        assert "Personal önskar" not in refused.text
