/**
 * Fake secrets for tests, assembled at run time so the repository itself
 * holds no string a secret scanner (ours, or a host's push protection)
 * would take for a real credential.
 * @module
 */

import { base62, crc32 } from "../../../core/secrets/token_shapes/checksums.ts";

/** An AWS access key id (not the documented EXAMPLE one, which is allowed). */
export const AWS_KEY_ID = "AKIA" + "Z5Q3K7RMXW2PLN4T";
/** An AWS secret access key (40 characters). */
export const AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYz9Xk2pLq8T";
/** A GitHub personal access token with a valid checksum (base62 CRC32 of its random part). */
export const GITHUB_TOKEN = "ghp" + "_q8Zr2LxV9mK4pT7wN1bY6cH3jF5sD0" +
  base62(crc32("q8Zr2LxV9mK4pT7wN1bY6cH3jF5sD0"), 6);
/** A GitHub-shaped token whose checksum does not match (a fake or mistyped token). */
export const GITHUB_TOKEN_BAD_CHECKSUM = "ghp" + "_abcdefghijklmnopqrstuvwxyz0123456789";
/** A random token for the entropy rule. */
export const RANDOM_TOKEN = "q8Zr2LxV9mK4pT7wN1" + "bY6cH3jF5sD0gA";
/** A private key block with a body. */
export const PRIVATE_KEY = "-----BEGIN " + "RSA PRIVATE KEY-----\n" +
  "MIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2yPB\n" +
  "aKq9nVqT8bE1wL5Q0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7MhgHcTz6sE2I2y==\n" +
  "-----END " + "RSA PRIVATE KEY-----\n";
/** A JWT whose header and payload decode to JSON. */
export const JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" + ".eyJzdWIiOiIxMjM0NTY3ODkwIn0." +
  "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
