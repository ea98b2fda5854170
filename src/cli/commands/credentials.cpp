#include <nlohmann/json.hpp>

#include "dac/cli/commands.hpp"
#include "dac/core/error.hpp"

namespace dac::cli {

void add_credentials_command(CLI::App& app, Context& ctx) {
  auto seller_id = std::make_shared<std::optional<std::string>>();
  auto* cmd = app.add_subcommand(
      "credentials",
      "Show your own developer account and its full token\n"
      "Your own developer account (recorded with grant --own) never expires. This prints its MWS auth token "
      "unmasked, to set up your own tools: mind who can see your screen.");
  cmd->footer(examples({
      {"Your own account's token", "dac credentials"},
      {"For one of your sellers, for a script", "dac credentials --seller A1B2C3D4E5F6G7 --format json"},
  }));
  cmd->add_option("--seller", *seller_id, "The seller (needed when the store has several)");
  cmd->callback([&ctx, seller_id] {
    State state = ctx.store().load();
    const Seller& seller = rules::pick_seller(state, *seller_id);
    const Authorization* own = nullptr;
    for (const Authorization& a : state.authorizations) {
      if (a.seller_id == seller.seller_id && a.own && a.token) own = &a;
    }
    if (own == nullptr) {
      throw Error(ErrorKind::NotFound, "seller " + seller.seller_id + " has no own developer account in the store",
                  "record it with: dac grant DEV_ID --own --nickname NAME --token-file PATH");
    }
    switch (ctx.format()) {
      case Format::Json: {
        nlohmann::ordered_json o;
        o["seller_id"] = own->seller_id;
        o["developer_id"] = own->developer_id;
        o["nickname"] = own->nickname;
        o["mws_auth_token"] = *own->token;
        std::fputs((o.dump(2) + "\n").c_str(), stdout);
        break;
      }
      case Format::Csv:
        std::printf("seller_id,developer_id,mws_auth_token\r\n%s,%s,%s\r\n", own->seller_id.c_str(),
                    own->developer_id.c_str(), own->token->c_str());
        break;
      case Format::Table:
        std::printf("seller_id:       %s\ndeveloper_id:    %s\nnickname:        %s\nmws_auth_token:  %s\n",
                    own->seller_id.c_str(), own->developer_id.c_str(), own->nickname.c_str(), own->token->c_str());
        break;
    }
  });
}

}  // namespace dac::cli
