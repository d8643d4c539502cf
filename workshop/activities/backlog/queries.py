"""The backlog_items and backlog_sources tables: the improvement backlog, in priority
order, each item linked to the topics it came from."""

from workshop.db import now_iso


def insert_backlog_item(store, workshop_id: int, fields: dict, topic_ids=()) -> int:
    """Add an item at the end of the backlog, linked to the topics it came from."""
    with store.db.atomic():
        position = store.value("SELECT coalesce(max(position), 0) + 1 FROM backlog_items"
                               " WHERE workshop_id = ?", [workshop_id])
        row = {"workshop_id": workshop_id, "position": position, "created_at": now_iso(),
               "updated_at": now_iso(), **fields}
        item_id = store.db.execute(
            "INSERT INTO backlog_items ({}) VALUES ({})".format(
                ", ".join(row), ", ".join("?" for _ in row)), [*row.values()]).lastrowid
        for topic_id in topic_ids:
            store.db.execute("INSERT INTO backlog_sources (backlog_item_id, topic_id)"
                            " VALUES (?, ?)", [item_id, topic_id])
    return item_id


def backlog(store, workshop_id: int) -> list[dict]:
    """The backlog in priority order, each item with the ids of its source topics."""
    items = list(store.db.query("SELECT * FROM backlog_items WHERE workshop_id = ?"
                               " ORDER BY position", [workshop_id]))
    sources: dict[int, list[int]] = {}
    for row in store.db.query(
            """SELECT s.backlog_item_id, s.topic_id FROM backlog_sources s
               JOIN backlog_items b ON b.id = s.backlog_item_id
               WHERE b.workshop_id = ? ORDER BY s.topic_id""", [workshop_id]):
        sources.setdefault(row["backlog_item_id"], []).append(row["topic_id"])
    return [{**item, "source_ids": sources.get(item["id"], [])} for item in items]


def backlog_item(store, item_id: int) -> dict | None:
    return store.one("SELECT * FROM backlog_items WHERE id = ?", [item_id])


def update_backlog_item(store, item_id: int, fields: dict) -> None:
    fields = {**fields, "updated_at": now_iso()}
    store.db.execute("UPDATE backlog_items SET {} WHERE id = ?".format(
        ", ".join(f"{name} = ?" for name in fields)), [*fields.values(), item_id])


def swap_backlog_positions(store, item: dict, step: int) -> bool:
    """Move an item one place up (-1) or down (+1); False at either end."""
    neighbour = store.one(
        "SELECT id, position FROM backlog_items WHERE workshop_id = ? AND position {} ?"
        " ORDER BY position {} LIMIT 1".format(*(("<", "DESC") if step < 0 else (">", "ASC"))),
        [item["workshop_id"], item["position"]])
    if neighbour is None:
        return False
    with store.db.atomic():
        store.db.execute("UPDATE backlog_items SET position = ? WHERE id = ?",
                        [neighbour["position"], item["id"]])
        store.db.execute("UPDATE backlog_items SET position = ? WHERE id = ?",
                        [item["position"], neighbour["id"]])
    return True


def delete_backlog_item(store, item_id: int) -> None:
    store.db.execute("DELETE FROM backlog_items WHERE id = ?", [item_id])


def set_backlog_published(store, workshop_id: int, published: bool) -> None:
    store.db.execute("UPDATE workshops SET backlog_published = ? WHERE id = ?",
                    [int(published), workshop_id])

