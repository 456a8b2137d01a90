// Reads an iCalendar file on stdin with Mozilla's ical.js and prints what it understood
// as JSON, so the Python tests can compare it with what Parting wrote.
import ICAL from "ical.js";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks).toString("utf8");

const calendar = new ICAL.Component(ICAL.parse(text));
const events = calendar.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    summary: event.summary,
    description: event.description,
    start: event.startDate.toString(),
    isDate: event.startDate.isDate,
    sequence: event.sequence,
    lastModified: vevent.getFirstPropertyValue("last-modified").toString(),
  };
});
const refresh = calendar.getFirstProperty("refresh-interval");
console.log(
  JSON.stringify({
    prodid: calendar.getFirstPropertyValue("prodid"),
    version: calendar.getFirstPropertyValue("version"),
    refreshInterval: refresh ? refresh.getFirstValue().toString() : null,
    publishedTtl: calendar.getFirstPropertyValue("x-published-ttl"),
    events,
  }),
);
