// Unique Pupil Number check letters (DfE "Unique pupil numbers (UPNs)" guidance): used to validate and to fake.

const CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ";
/** Letters allowed as the 13th character of a temporary UPN, valued 0-25 like the check letter table. */
const UPN_BODY = /^[0-9]{11}[0-9A-HJ-NP-RT-Z]$/;

function characterValue(character: string): number {
  if (/[0-9]/.test(character)) return Number(character);
  return CHECK_LETTERS.indexOf(character);
}

/** The check letter for the 12 characters after it (LA code, establishment, year, serial). */
export function upnCheckLetter(body: string): string {
  if (!UPN_BODY.test(body)) throw new Error(`UPN body must be 11 digits and a digit or letter, got '${body}'`);
  let sum = 0;
  for (let index = 0; index < 12; index++) sum += characterValue(body[index]!) * (index + 2);
  return CHECK_LETTERS[sum % 23]!;
}

export function isValidUpn(upn: string): boolean {
  const value = upn.trim().toUpperCase();
  if (value.length !== 13) return false;
  const body = value.slice(1);
  if (!UPN_BODY.test(body)) return false;
  return upnCheckLetter(body) === value[0];
}
