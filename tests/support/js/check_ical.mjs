// Parse calendar files with ical.js (Thunderbird's parser) and print each event's times as it reads them.
// Input on stdin: JSON [{"name": ..., "ics": "BEGIN:VCALENDAR..."}]. Output on stdout: JSON
// {name: {"method": ..., "events": [{uid, summary, tzid, start_local, end_local, start_utc, end_utc}]}}.
// The local times come from the file's own VTIMEZONE, as Thunderbird computes them (nothing preloaded).
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const inputs = JSON.parse(Buffer.concat(chunks).toString("utf8"));

const pad = (n) => String(n).padStart(2, "0");
const wall = (t) => `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
const utc = (t) => wall(t.convertToZone(ICAL.Timezone.utcTimezone));

const out = {};
for (const { name, ics } of inputs) {
  ICAL.TimezoneService.reset();
  const calendar = new ICAL.Component(ICAL.parse(ics));
  for (const vtimezone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(vtimezone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid, summary: event.summary, tzid: event.startDate.zone ? event.startDate.zone.tzid : null,
      start_local: wall(event.startDate), end_local: wall(event.endDate),
      start_utc: utc(event.startDate), end_utc: utc(event.endDate),
      sequence: event.sequence,
    };
  });
  out[name] = { method: calendar.getFirstPropertyValue("method"), events };
}
process.stdout.write(JSON.stringify(out));
