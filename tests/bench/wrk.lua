-- wrk.lua — cycle wrk's requests through the benchmark's query file.
--
--   WRK_QUERIES=queries.tsv WRK_MODE=polis wrk -s tests/bench/wrk.lua URL
--
-- WRK_MODE picks the URL each query becomes:
--   polis  /api/search?q=TEXT&theme=THEME&per_page=10   (polis-searchd; also the
--          bare libmicrohttpd server, which ignores it)
--   omega  /cgi-bin/omega?P=TEXT&DB=bench&FMT=bench   (Omega has no theme terms
--          from omindex, so the theme filter is left out)
-- Each wrk thread starts at a different place in the list, so threads do not
-- send the same query at the same moment.

local paths = {}
local counter = 0
local threads = {}

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local function load()
  local file = os.getenv("WRK_QUERIES") or "queries.tsv"
  local mode = os.getenv("WRK_MODE") or "polis"
  local out = {}
  for line in io.lines(file) do
    local text, theme = line:match("^([^\t]*)\t?(.*)$")
    if text and text ~= "" then
      local path
      if mode == "omega" then
        path = "/cgi-bin/omega?DB=bench&FMT=bench&P=" .. urlencode(text)
      else
        path = "/api/search?per_page=10&q=" .. urlencode(text)
        if theme and theme ~= "" then
          path = path .. "&theme=" .. urlencode(theme)
        end
      end
      out[#out + 1] = path
    end
  end
  return out
end

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  paths = load()
  -- id is set by setup(); spread the threads' starting points.
  local start = ((id or 1) - 1) * 97
  n = start % #paths
end

function request()
  n = n + 1
  if n > #paths then
    n = 1
  end
  return wrk.format("GET", paths[n])
end
