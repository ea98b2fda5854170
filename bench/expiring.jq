# What `dac list --expiring DUR --format json` prints (SPEC §4), in jq: the
# baseline of bench/run. $now and $horizon (now + DUR) are RFC 3339 UTC
# strings, which compare in time order.
def leap: . % 4 == 0 and (. % 100 != 0 or . % 400 == 0);
# + 12 calendar months, same time of day; 29 February becomes 28 February (R4).
def add_year:
  ((.[0:4] | tonumber) + 1) as $y
  | if .[4:10] == "-02-29" and ($y | leap | not) then "\($y)-02-28" + .[10:] else "\($y)" + .[4:] end;
def mask: .[0:13] + "…" + .[-4:];

(.sellers | map({key: .seller_id, value: .}) | from_entries) as $sellers
| ($now | fromdateiso8601) as $now_s
| [ .authorizations[]
    | select(.status == "active" and (.own | not))
    | $sellers[.seller_id] as $seller
    | select($seller.confirmation_enabled)
    | ([.authorized_at, .confirmed_at, $seller.enabled_at] | map(select(. != null)) | max) as $confirmed
    | ($confirmed | add_year) as $expires
    | select($expires > $now and $expires <= $horizon)
    | {seller_id, developer_id, nickname, own, status: "active", authorized_at,
       last_confirmed_at: $confirmed, expires_at: $expires,
       days_left: ((($expires | fromdateiso8601) - $now_s) / 86400 | floor),
       mws_auth_token: (.mws_auth_token | mask)} ]
| sort_by(.expires_at, .seller_id, .developer_id)
