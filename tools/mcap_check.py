#!/usr/bin/env python3
"""Read an MCAP file with the reference reader (PyPI `mcap`) and print what it found as JSON.

Used by the Recording tests and the README to show that Embody's recordings open in other tools.

usage: mcap_check.py FILE            seeking reader: needs the summary and footer (a complete or
                                     recovered file); prints counts, the summary statistics and
                                     the time range
       mcap_check.py --stream FILE   streaming reader with CRC checks: reads records in order up to
                                     wherever the file ends (a recording cut by a crash), and says
                                     whether it reached the footer

Every message body is parsed as JSON; foxglove.CompressedImage data must be base64 of a PNG or JPEG.
Output: {"reader", "complete", "messages", "channels": {topic: count}, "schemas": {topic: name},
         "statistics": {...} or null, "time_range": [first, last] or null, "json_errors", "stopped"}.
Exit 2 with one line on stderr when the file cannot be read at all.
"""
import base64
import json
import sys

try:
    from mcap.reader import make_reader
    from mcap.records import Channel, Footer, Message, Schema
    from mcap.stream_reader import StreamReader
except ImportError:
    print("mcap_check: the PyPI package 'mcap' is not installed (pip install mcap)", file=sys.stderr)
    sys.exit(3)


def check_body(schema_name, data):
    """True when the message is valid JSON (and, for images, valid base64 of a PNG or JPEG)."""
    try:
        body = json.loads(data)
    except ValueError:
        return False
    if schema_name == "foxglove.CompressedImage":
        try:
            raw = base64.b64decode(body["data"], validate=True)
        except (KeyError, ValueError, TypeError):
            return False
        png = raw.startswith(b"\x89PNG\r\n\x1a\n")
        jpeg = raw.startswith(b"\xff\xd8")
        return (png and body.get("format") == "png") or (jpeg and body.get("format") == "jpeg")
    return True


def report(reader_name):
    return {"reader": reader_name, "complete": False, "messages": 0, "channels": {}, "schemas": {},
            "statistics": None, "time_range": None, "json_errors": 0, "stopped": None}


def count(out, schema_name, channel, message):
    out["messages"] += 1
    out["channels"][channel.topic] = out["channels"].get(channel.topic, 0) + 1
    out["schemas"][channel.topic] = schema_name
    first, last = out["time_range"] or (message.log_time, message.log_time)
    out["time_range"] = [min(first, message.log_time), max(last, message.log_time)]
    if not check_body(schema_name, message.data):
        out["json_errors"] += 1


def seeking(path):
    out = report("seeking")
    with open(path, "rb") as f:
        reader = make_reader(f, validate_crcs=True)
        summary = reader.get_summary()
        for schema, channel, message in reader.iter_messages(log_time_order=False):
            count(out, schema.name if schema else "", channel, message)
        if summary is not None and summary.statistics is not None:
            s = summary.statistics
            topics = {c.id: c.topic for c in summary.channels.values()}
            out["statistics"] = {
                "message_count": s.message_count, "chunk_count": s.chunk_count,
                "channel_count": s.channel_count, "schema_count": s.schema_count,
                "metadata_count": s.metadata_count,
                "message_start_time": s.message_start_time, "message_end_time": s.message_end_time,
                "channel_message_counts": {topics.get(k, str(k)): v for k, v in s.channel_message_counts.items()},
            }
        out["metadata"] = {m.name: m.metadata for m in reader.iter_metadata()}
        out["complete"] = True
    return out


def streaming(path):
    out = report("stream")
    schemas, channels = {}, {}
    with open(path, "rb") as f:
        try:
            for record in StreamReader(f, validate_crcs=True).records:
                if isinstance(record, Schema):
                    schemas[record.id] = record
                elif isinstance(record, Channel):
                    channels[record.id] = record
                elif isinstance(record, Message):
                    channel = channels[record.channel_id]
                    schema = schemas.get(channel.schema_id)
                    count(out, schema.name if schema else "", channel, record)
                elif isinstance(record, Footer):
                    out["complete"] = True
        except Exception as error:  # the file ends inside a record: report how far it read
            out["stopped"] = f"{type(error).__name__}: {error}"
    return out


def main(argv):
    args = [a for a in argv if a != "--stream"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        out = streaming(args[0]) if "--stream" in argv else seeking(args[0])
    except Exception as error:
        print(f"mcap_check: {args[0]}: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
    print(json.dumps(out, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
