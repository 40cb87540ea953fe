import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/**
 * What PostgreSQL stores for a SCRAM-SHA-256 password (RFC 5802, RFC 7677), made here so that a
 * role's password can be set without the server, or its log, ever seeing it: PostgreSQL keeps a
 * verifier it is given as it is. PostgreSQL first normalises a password with SASLprep, which leaves
 * printable ASCII as it is; other passwords are refused rather than given a verifier that fails.
 */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  if (!/^[\x20-\x7e]*$/.test(password)) throw new Error("scramVerifier: the password must be printable ASCII");
  const saltedPassword = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", saltedPassword).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest("base64");
  const serverKey = createHmac("sha256", saltedPassword).update("Server Key").digest("base64");
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey}:${serverKey}`;
}
