import { prefixedTokens } from "@/lib/crypto/prefixed-tokens";

const ingestTokens = prefixedTokens("fry_ingest_");

export const generateIngestToken = ingestTokens.generate;
export const hashIngestToken = ingestTokens.hash;
export const isIngestTokenShaped = ingestTokens.isShaped;
