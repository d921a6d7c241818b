/** One non-blank line of an event file: its number in the file and the event on it. */
export interface EventLine {
  /** 1-based, counting blank lines too, as an editor shows it. */
  line: number;
  /** The line's text, sent as the event's eventData as it is. */
  text: string;
}

/** Why a line cannot be sent as it is. */
export interface LineProblem {
  /** 1-based line number. */
  line: number;
  /** What is wrong, to follow "line N ". */
  problem: string;
  /**
   * Whether `--force` may send it anyway: PutAuditEvents takes any JSON object as eventData, so
   * only a line that is a JSON object can be forced; bytes that are not UTF-8 or JSON never are.
   */
  forcible: boolean;
}

/**
 * The fields an event of a channel carries in eventData (CloudTrail Lake's integration event
 * schema: "Fields that are provided by your events", the required ones).
 */
const REQUIRED = ["version", "eventSource", "eventName", "eventTime", "UID"] as const;
const REQUIRED_IDENTITY = ["type", "principalId"] as const;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Splits an event file (JSON Lines) into events and the problems of its lines, each named by
 * line number: bytes that are not UTF-8 (never replaced silently), a line that is not a JSON
 * object, an event wrapped as `{"eventData": ...}`, a required field missing or not a string, an
 * eventTime that is not a time.
 */
export function readEventLines(bytes: Buffer): { events: EventLine[]; problems: LineProblem[] } {
  const events: EventLine[] = [];
  const problems: LineProblem[] = [];
  let start = 0;
  for (let line = 1; start < bytes.length || line === 1; line++) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    const raw = bytes.subarray(start, end > start && bytes[end - 1] === 0x0d ? end - 1 : end);
    start = end + 1;
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      problems.push({ line, problem: "is not valid UTF-8", forcible: false });
      continue;
    }
    if (text.trim() === "") continue;
    const problem = eventProblem(text);
    if (problem) problems.push({ line, ...problem });
    // A forcible line is an event all the same: the caller sends it only with --force.
    if (!problem || problem.forcible) events.push({ line, text });
  }
  return { events, problems };
}

function eventProblem(text: string): Omit<LineProblem, "line"> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: "is not JSON", forcible: false };
  }
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return {
      problem: `is ${Array.isArray(data) ? "an array" : "not an object"}; an event is a JSON object`,
      forcible: false,
    };
  const event = data as Record<string, unknown>;
  const isText = (v: unknown) => typeof v === "string" && v !== "";
  const missing: string[] = REQUIRED.filter((f) => !isText(event[f]));
  const identity = event.userIdentity;
  if (typeof identity !== "object" || identity === null) missing.push("userIdentity");
  else
    for (const f of REQUIRED_IDENTITY)
      if (!isText((identity as Record<string, unknown>)[f])) missing.push(`userIdentity.${f}`);
  if ("eventData" in event && missing.length > 0)
    return {
      problem:
        'is wrapped as {"eventData": ...}; put the event itself on the line, ' +
        '{"version":"1.0","eventName":...}',
      forcible: true,
    };
  if (missing.length > 0)
    return {
      problem: `lacks ${missing.join(", ")} (required in an event; each a non-empty string)`,
      forcible: true,
    };
  if (Number.isNaN(Date.parse(event.eventTime as string)))
    return {
      problem: `has eventTime ${JSON.stringify(event.eventTime)}, not a time such as 2026-01-31T12:00:00Z`,
      forcible: true,
    };
  return undefined;
}
