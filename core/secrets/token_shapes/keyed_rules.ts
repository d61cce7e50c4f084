/**
 * Rules for values that are secrets only next to a name that says whose
 * they are: provider keys shaped like UUIDs or plain hex/base62 strings
 * (Heroku, Codecov, Datadog, Twitter, …). Each needs the provider's name in
 * the assigned name (`HEROKU_API_KEY=`, `"codecov_token":`), so the same
 * UUID as a request id is not reported. Client ids, which are not secret by
 * themselves, are warnings.
 * @module
 */

import { keyedRule, type SecretRule } from "./rule.ts";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const hex = (n: number | string) => `[a-f0-9]{${n}}`;
const alnum = (n: number | string) => `[a-z0-9]{${n}}`;
const word = (n: number | string) => String.raw`[\w=-]{${n}}`;
const id = { severity: "warning" } as const;

/** Every keyword-anchored rule. */
export const KEYED_RULES: readonly SecretRule[] = [
  keyedRule("heroku-api-key", "Heroku API key", ["heroku"], UUID),
  keyedRule("codecov-token", "Codecov token", ["codecov"], `(?:${UUID}|${alnum(32)})`),
  keyedRule("snyk-token", "Snyk token", ["snyk"], UUID),
  keyedRule(
    "hubspot-api-key",
    "HubSpot API key",
    ["hubspot"],
    `(?:${UUID}|pat-[a-z0-9]{2,3}-${UUID})`,
  ),
  keyedRule("squarespace-token", "Squarespace token", ["squarespace"], UUID),
  keyedRule("sendbird-token", "Sendbird token", ["sendbird"], `(?:${UUID}|${hex(40)})`),
  keyedRule("kucoin-secret", "KuCoin key", ["kucoin"], `(?:${UUID}|${hex(24)})`),
  keyedRule(
    "messagebird-key",
    "MessageBird key",
    ["messagebird", "message_bird", "message-bird"],
    `(?:${alnum(25)}|${UUID})`,
  ),
  keyedRule(
    "plaid-secret",
    "Plaid secret",
    ["plaid"],
    `(?:access-(?:sandbox|development|production)-${UUID}|${alnum(30)}|${alnum(24)})`,
  ),
  keyedRule("adafruit-api-key", "Adafruit IO key", ["adafruit"], String.raw`[\w-]{32}`),
  keyedRule("adobe-client-id", "Adobe client id", ["adobe"], hex(32), id),
  keyedRule(
    "airtable-api-key",
    "Airtable key",
    ["airtable"],
    `(?:pat[a-z0-9]{14}\\.${hex(64)}|${alnum(17)})`,
  ),
  keyedRule("algolia-api-key", "Algolia key", ["algolia"], alnum(32), {
    // A search-only key is public by design (it ships to browsers); the admin key is the secret.
    check: (key, text, end) =>
      /search|public|read[_-]?only/i.test(
          text.slice(text.lastIndexOf("\n", end - key.length) + 1, end - key.length),
        )
        ? "not-secret"
        : "secret",
  }),
  keyedRule("alibaba-secret-key", "Alibaba Cloud secret", ["alibaba"], alnum(30)),
  keyedRule("asana-token", "Asana token", ["asana"], `(?:${alnum(32)}|\\d/\\d{16}:${hex(32)})`),
  keyedRule(
    "atlassian-api-token",
    "Atlassian API token",
    ["atlassian", "confluence", "jira"],
    `(?:ATATT3[\\w=-]{186}|${alnum(24)})`,
  ),
  keyedRule("beamer-api-token", "Beamer token", ["beamer"], `b_${word(44)}`),
  keyedRule("bitbucket-secret", "Bitbucket secret", ["bitbucket"], `(?:${word(64)}|${alnum(32)})`),
  keyedRule("bittrex-key", "Bittrex key", ["bittrex"], alnum(32)),
  keyedRule("cisco-meraki-api-key", "Cisco Meraki key", ["meraki"], hex(40)),
  keyedRule(
    "cloudflare-api-key",
    "Cloudflare key",
    ["cloudflare"],
    `(?:${String.raw`[\w-]{40}`}|${hex(37)})`,
  ),
  keyedRule("cohere-api-key", "Cohere key", ["cohere", "co_api_key"], "[a-z0-9]{40}", {
    minEntropy: 3.5,
  }),
  keyedRule("coinbase-token", "Coinbase token", ["coinbase"], String.raw`[\w-]{64}`),
  keyedRule("confluent-key", "Confluent key", ["confluent"], `(?:${alnum(64)}|${alnum(16)})`),
  keyedRule("contentful-token", "Contentful token", ["contentful"], word(43)),
  keyedRule(
    "datadog-key",
    "Datadog key",
    ["datadog", "dd_api_key", "dd_app_key"],
    `(?:${alnum(40)}|${hex(32)})`,
  ),
  keyedRule(
    "defined-networking-token",
    "Defined Networking token",
    ["dnkey"],
    `dnkey-${word(26)}-${word(52)}`,
  ),
  keyedRule("discord-secret", "Discord key", ["discord"], `(?:${hex(64)}|${word(32)})`),
  keyedRule("discord-client-id", "Discord client id", ["discord"], "[0-9]{18,19}", id),
  keyedRule("droneci-token", "Drone CI token", ["droneci", "drone_token"], alnum(32)),
  keyedRule(
    "dropbox-token",
    "Dropbox token",
    ["dropbox"],
    `(?:${alnum(11)}AAAAAAAAAA[\\w=-]{43}|${alnum(15)})`,
  ),
  keyedRule("etsy-token", "Etsy token", ["etsy"], alnum(24)),
  keyedRule(
    "facebook-secret",
    "Facebook app secret",
    ["facebook", "fb_secret", "fb_app_secret"],
    hex(32),
    { minEntropy: 3 },
  ),
  keyedRule("fastly-token", "Fastly token", ["fastly"], word(32)),
  keyedRule("finicity-secret", "Finicity secret", ["finicity"], `(?:${hex(32)}|${alnum(20)})`),
  keyedRule("finnhub-token", "Finnhub token", ["finnhub"], alnum(20)),
  keyedRule("flickr-token", "Flickr token", ["flickr"], alnum(32)),
  keyedRule("freshbooks-token", "FreshBooks token", ["freshbooks"], alnum(64)),
  keyedRule("gitter-token", "Gitter token", ["gitter"], String.raw`[\w-]{40}`),
  keyedRule("gocardless-token", "GoCardless token", ["gocardless"], `live_${word(40)}`),
  keyedRule("intercom-token", "Intercom token", ["intercom"], word(60)),
  keyedRule(
    "jfrog-api-key",
    "JFrog key",
    ["jfrog", "artifactory", "bintray", "xray"],
    `(?:${alnum(73)}|${alnum(64)})`,
  ),
  keyedRule("kraken-token", "Kraken token", ["kraken"], "[a-z0-9/=_+-]{80,90}"),
  keyedRule("launchdarkly-token", "LaunchDarkly token", ["launchdarkly"], word(40)),
  keyedRule("linear-client-secret", "Linear client secret", ["linear"], hex(32), { minEntropy: 3 }),
  keyedRule(
    "linkedin-secret",
    "LinkedIn client secret",
    ["linkedin", "linked_in", "linked-in"],
    alnum(16),
    { minEntropy: 3 },
  ),
  keyedRule(
    "linkedin-client-id",
    "LinkedIn client id",
    ["linkedin", "linked_in", "linked-in"],
    alnum(14),
    id,
  ),
  keyedRule("lob-api-key", "Lob API key", ["lob"], `(?:live|test)_(?:pub_)?${hex("31,35")}`),
  keyedRule("mailchimp-api-key", "Mailchimp key", ["mailchimp"], `${hex(32)}-us\\d{1,2}`),
  keyedRule(
    "mailgun-key",
    "Mailgun key",
    ["mailgun"],
    `(?:(?:pub)?key-${hex(32)}|${hex(32)}-${hex(8)}-${hex(8)})`,
  ),
  keyedRule(
    "mapbox-secret-token",
    "Mapbox secret token",
    ["mapbox"],
    String.raw`sk\.[a-z0-9]{60}\.[\w-]{22}`,
  ),
  keyedRule("mattermost-token", "Mattermost token", ["mattermost"], alnum(26)),
  keyedRule("netlify-token", "Netlify token", ["netlify"], word("40,46")),
  keyedRule(
    "new-relic-user-key",
    "New Relic key",
    ["new-relic", "newrelic", "new_relic"],
    alnum(64),
  ),
  keyedRule("nytimes-token", "New York Times token", ["nytimes", "newyorktimes"], word(32)),
  keyedRule("okta-token", "Okta token", ["okta"], String.raw`00[\w=-]{40}`, { minEntropy: 3.5 }),
  keyedRule(
    "privateai-token",
    "Private AI token",
    ["privateai", "private_ai", "private-ai"],
    alnum(32),
  ),
  keyedRule("rapidapi-key", "RapidAPI key", ["rapidapi"], String.raw`[\w-]{50}`),
  keyedRule("sentry-auth-token", "Sentry token", ["sentry"], hex(64), { minEntropy: 3 }),
  keyedRule("sonar-token", "SonarQube token", ["sonar"], `(?:sq[apu]_${hex(40)}|${word(40)})`),
  keyedRule(
    "sourcegraph-token",
    "Sourcegraph token",
    ["sourcegraph", "sgp_"],
    `(?:sgp_(?:${hex(16)}|local)_${hex(40)}|sgp_${hex(40)}|${hex(40)})`,
    { minEntropy: 3 },
  ),
  keyedRule("sumologic-key", "Sumo Logic key", ["sumo"], `(?:su[a-z0-9]{12}|${alnum(64)})`, {
    minEntropy: 3,
  }),
  keyedRule(
    "telegram-bot-token-keyed",
    "Telegram bot token",
    ["telegr", "tg_bot", "bot_token"],
    String.raw`\d{5,16}:A[\w-]{34}`,
  ),
  keyedRule("travisci-token", "Travis CI token", ["travis"], alnum(22)),
  keyedRule("twitch-token", "Twitch token", ["twitch"], alnum(30)),
  keyedRule(
    "twitter-secret",
    "Twitter (X) secret",
    ["twitter"],
    `(?:A{22}[a-z0-9%]{80,100}|\\d{15,25}-[a-z0-9]{20,40}|${alnum(50)}|${alnum(45)}|${alnum(25)})`,
  ),
  keyedRule(
    "yandex-key",
    "Yandex key",
    ["yandex"],
    String.raw`(?:AQVN[\w-]{35,38}|YC[\w-]{38}|t1\.[\w-]+={0,2}\.[\w-]{86}={0,2})`,
  ),
  keyedRule("zendesk-secret", "Zendesk secret", ["zendesk"], alnum(40)),
  keyedRule(
    "aws-secret-access-key",
    "AWS secret access key",
    ["aws_secret", "aws-secret", "secretaccesskey", "secret_access_key"],
    "[a-z0-9/+]{40}",
    {
      minEntropy: 4,
    },
  ),
];
