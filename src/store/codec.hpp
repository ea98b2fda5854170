#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "dac/core/model.hpp"

// The JSON form of the model, as documented in docs/store-format.md. Readers
// validate every field and throw a store error naming its place in the file.
namespace dac {

void to_json(nlohmann::json& j, const Seller& s);
void to_json(nlohmann::json& j, const Authorization& a);
// The inventory_recorded event's inventory: every field but the tokens.
void to_json(nlohmann::json& j, const Inventory& inventory);
void to_json(nlohmann::json& j, const Event& e);
void to_json(nlohmann::json& j, const Reminder& r);
void to_json(nlohmann::json& j, const State& s);

// `where` names the value for error messages ("state.json: authorizations[3]").
// `with_disabled_at`: format 2 has the field (format 1 has not).
[[nodiscard]] Seller seller_from_json(const nlohmann::json& j, const std::string& where, bool with_disabled_at = true);
[[nodiscard]] Authorization authorization_from_json(const nlohmann::json& j, const std::string& where);
[[nodiscard]] Inventory inventory_from_json(const nlohmann::json& j, const std::string& where);
[[nodiscard]] Event event_from_json(const nlohmann::json& j, const std::string& where);
[[nodiscard]] Reminder reminder_from_json(const nlohmann::json& j, const std::string& where);
[[nodiscard]] State state_from_json(const nlohmann::json& j, const std::string& where);

// Parses `text` as JSON; a syntax error becomes a store error with the byte position.
[[nodiscard]] nlohmann::json parse_json(std::string_view text, const std::string& where);

// nlohmann's free functions are found by ADL for from_json too.
inline void from_json(const nlohmann::json& j, State& s) { s = state_from_json(j, "state"); }

}  // namespace dac
