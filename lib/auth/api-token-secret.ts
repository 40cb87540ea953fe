import { prefixedTokens } from "@/lib/crypto/prefixed-tokens";

const apiTokens = prefixedTokens("fry_api_");

export const generateApiToken = apiTokens.generate;
export const hashApiToken = apiTokens.hash;
export const isApiTokenShaped = apiTokens.isShaped;
