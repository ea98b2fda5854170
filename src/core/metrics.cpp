#include "dac/core/metrics.hpp"

#include <array>
#include <map>

#include "dac/core/rules.hpp"

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
  // Per seller, every seller of the store (zeros too: a stable set of series).
  std::map<std::string, std::array<std::size_t, 3>, std::less<>> counts;  // by Status
  for (const Seller& seller : state.sellers) counts[seller.seller_id] = {};
  for (const Authorization& auth : state.authorizations) {
    const rules::View v = rules::view(state, auth, now);
    // The seller's own account is no authorisation to watch: it never expires.
    if (!auth.own) ++counts[auth.seller_id][static_cast<std::size_t>(v.status)];
    if (!v.expires_at || v.status == Status::Revoked) continue;
    out += "dac_authorization_expiry_timestamp_seconds{seller_id=\"" + label(auth.seller_id) + "\",developer_id=\"" +
           label(auth.developer_id) + "\",nickname=\"" + label(auth.nickname) + "\"} " + seconds(*v.expires_at) + "\n";
  }
  out +=
      "# HELP dac_authorizations Authorizations by seller and status, the seller's own account left out (it never "
      "expires).\n";
  out += "# TYPE dac_authorizations gauge\n";
  for (const auto& [seller_id, by_status] : counts) {
    for (const Status s : {Status::Active, Status::Suspended, Status::Revoked}) {
      out += "dac_authorizations{seller_id=\"" + label(seller_id) + "\",status=\"" + std::string(to_string(s)) +
             "\"} " + std::to_string(by_status[static_cast<std::size_t>(s)]) + "\n";
    }
  }
  out += "# HELP dac_store_last_write_timestamp_seconds When the store was last written, as Unix time.\n";
  out += "# TYPE dac_store_last_write_timestamp_seconds gauge\n";
  out += "dac_store_last_write_timestamp_seconds " + (state.written_at ? seconds(*state.written_at) : "0") + "\n";
  return out;
}

}  // namespace dac
