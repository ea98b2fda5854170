#include "dac/metrics.hpp"

#include <array>

#include "dac/rules.hpp"

namespace dac {

namespace {

// Label values escape backslash, double quote and newline (exposition format).
std::string label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string seconds(Instant t) { return std::to_string(t.time_since_epoch().count()); }

}  // namespace

std::string render_metrics(const State& state, Instant now) {
  std::string out;
  out +=
      "# HELP dac_authorization_expiry_timestamp_seconds When the authorization's access expires (or was suspended), "
      "as Unix time. Absent for authorizations that never expire.\n";
  out += "# TYPE dac_authorization_expiry_timestamp_seconds gauge\n";
  std::array<std::size_t, 3> counts{};  // by Status
  for (const Authorization& auth : state.authorizations) {
    const rules::View v = rules::view(state, auth, now);
    ++counts[static_cast<std::size_t>(v.status)];
    if (!v.expires_at || v.status == Status::Revoked) continue;
    out += "dac_authorization_expiry_timestamp_seconds{seller_id=\"" + label(auth.seller_id) + "\",developer_id=\"" +
           label(auth.developer_id) + "\",nickname=\"" + label(auth.nickname) + "\"} " + seconds(*v.expires_at) + "\n";
  }
  out += "# HELP dac_authorizations Authorizations by status.\n";
  out += "# TYPE dac_authorizations gauge\n";
  for (const Status s : {Status::Active, Status::Suspended, Status::Revoked}) {
    out += "dac_authorizations{status=\"" + std::string(to_string(s)) + "\"} " +
           std::to_string(counts[static_cast<std::size_t>(s)]) + "\n";
  }
  out += "# HELP dac_store_last_write_timestamp_seconds When the store was last written, as Unix time.\n";
  out += "# TYPE dac_store_last_write_timestamp_seconds gauge\n";
  out += "dac_store_last_write_timestamp_seconds " + (state.written_at ? seconds(*state.written_at) : "0") + "\n";
  return out;
}

}  // namespace dac
