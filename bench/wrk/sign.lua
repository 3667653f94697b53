-- wrk script for bench/signing.py: POST the individual signing form, each request a fresh mailbox.
-- Arguments (after --): CSRF form token, CSRF cookie, signed form start time, a run label (keeps mailboxes unique).
-- Accepted = 302 to the letter's thanks page; anything else is counted by status.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  csrf, cookie, started, label = args[1], args[2], args[3], args[4]
  n, ok, other = 0, 0, 0
  statuses = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=" .. cookie
end

function request()
  n = n + 1
  local who = label .. "t" .. id .. "n" .. n
  local body = "csrfmiddlewaretoken=" .. csrf .. "&started=" .. started .. "&name=Bench+Signer+" .. n ..
    "&title=Researcher&affiliation=Load+test&country=DE&visibility=listed&homepage=" ..
    "&email=signer-" .. who .. "%40bench" .. (n % 97) .. ".example"
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""  -- header names are case-insensitive
  if status == 302 and string.sub(location, -8) == "/thanks/" then
    ok = ok + 1
  else
    other = other + 1
    statuses[status] = (statuses[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local accepted, refused = 0, 0
  for _, thread in ipairs(threads) do
    accepted = accepted + thread:get("ok")
    refused = refused + thread:get("other")
  end
  io.write(string.format("RESULT accepted=%d other=%d completed=%d duration_us=%d p50_us=%d p95_us=%d p99_us=%d " ..
    "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
    accepted, refused, summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout))
end
