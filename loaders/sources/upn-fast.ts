// isValidUpn (upn.ts) without regular expressions or new strings for the common case, for readers that
// check millions of UPNs: a 13-character UPN of a letter and twelve digits is checked here, anything
// else (a temporary UPN, lower case, spaces, a wrong check letter) goes to isValidUpn itself.

import { isValidUpn } from "./upn.js";

const CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";

export function upnValid(upn: string): boolean {
  if (upn.length === 13) {
    let sum = 0;
    let digits = true;
    for (let index = 1; index < 13; index++) {
      const code = upn.charCodeAt(index);
      if (code >= 48 && code <= 57) sum += (code - 48) * (index + 1);
      else {
        digits = false;
        break;
      }
    }
    // A match is what isValidUpn finds; a mismatch may still be lower case or padded: it decides.
    if (digits && CHECK_LETTERS.charCodeAt(sum % 23) === upn.charCodeAt(0)) return true;
  }
  return isValidUpn(upn);
}
