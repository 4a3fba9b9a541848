// Which targets may receive a client's Claude subscription (OAuth) token: the token is the user's login, so it goes
// to Anthropic's own API by default and to another host only when ccproxy.yaml says so (a company gateway).
import { OFFICIAL_API_BASES } from "../providers/endpoints.js";

/** Why: the part of a target that decides where a token would travel. */
export interface OAuthTarget {
  model: string;
  api_base?: string;
  forward_oauth?: boolean;
}

/** Why: only LiteLLM's anthropic provider forwards the token at all; its own endpoint is the safe default. */
export function forwardsOAuth(target: OAuthTarget): boolean {
  if (!target.model.startsWith("anthropic/")) return false;
  if (target.forward_oauth !== undefined) return target.forward_oauth;
  return target.api_base === undefined || target.api_base.replace(/\/+$/, "") === OFFICIAL_API_BASES.anthropic;
}

/** Why: the labels the Python hook may serve an OAuth request with; any other choice is answered 403. */
export function oauthLabels(targets: Readonly<Record<string, OAuthTarget>>): string[] {
  return Object.entries(targets).filter(([, target]) => forwardsOAuth(target)).map(([label]) => label);
}
