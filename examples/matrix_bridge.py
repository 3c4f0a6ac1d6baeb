"""An incident's timeline and a Matrix room, bridged both ways:

  warroom tail INC-42 --follow --new --jsonl | python matrix_bridge.py to-room
  python matrix_bridge.py from-room | WARROOM_RESPONDER=matrix warroom log INC-42 -

MATRIX_HOMESERVER, MATRIX_ROOM (its !id) and MATRIX_TOKEN come from the environment.
"""

import json
import os
import sys
from urllib.parse import quote

import httpx

api = httpx.Client(
    base_url=os.environ["MATRIX_HOMESERVER"].rstrip("/") + "/_matrix/client/v3",
    headers={"Authorization": f"Bearer {os.environ['MATRIX_TOKEN']}"},
    timeout=60,
)
room = os.environ["MATRIX_ROOM"]
me = api.get("/account/whoami").json()["user_id"]

if sys.argv[1] == "to-room":  # not the updates (webhooks send those), nor the room's notes
    for line in sys.stdin:
        entry = json.loads(line)
        if entry["actor"] == "matrix" or entry["kind"] in ("update", "delivery"):
            continue
        body = f"{entry['t_plus']} {entry['actor']} {entry['kind']}: {entry['text']}"
        txn = f"{entry['incident']}.{entry['id']}"  # sent once, however often retried
        api.put(f"/rooms/{quote(room, safe='')}/send/m.room.message/{txn}",
                json={"msgtype": "m.notice", "body": body}).raise_for_status()  # fmt: skip

if sys.argv[1] == "from-room":  # what people say in the room, one note a message
    quiet = json.dumps({"room": {"timeline": {"limit": 0}}})  # not what was said before
    since = api.get("/sync", params={"filter": quiet}).json()["next_batch"]
    print("listening", file=sys.stderr, flush=True)
    while True:
        sync = api.get("/sync", params={"since": since, "timeout": 30000}).json()
        since = sync["next_batch"]
        joined = sync.get("rooms", {}).get("join", {}).get(room, {})
        for event in joined.get("timeline", {}).get("events", []):
            content = event["content"]  # not this bridge's own, nor the console's updates
            if (event["type"] == "m.room.message" and event["sender"] != me
                    and content.get("msgtype") == "m.text" and "org.warroom.update" not in content):  # fmt: skip
                said = " ".join(str(content.get("body", "")).split())
                print(f"{event['sender']}: {said}", flush=True)
