// The configuration files the placement and post-16 extracts need (term dates, bank holidays, post-16
// activity codes), read from the copies the site was built with: analyst mode and the inspection page pass
// them to the shared ingest, so files chosen in the browser are read exactly as the build reads them.

/** Each file's text (pages call `FileAttachment(...).text()` themselves: Framework reads the call to know what to bundle). */
export interface LocalConfigTexts {
  termDates: Promise<string>;
  activityCodes: Promise<string>;
  bankHolidays: Promise<string>;
}

export async function readLocalConfig(files: LocalConfigTexts) {
  const [termDates, activityCodes, bankHolidays] = await Promise.all([files.termDates, files.activityCodes, files.bankHolidays]);
  const built = (name: string, text: string) => ({ path: `${name} (as the site was built)`, text });
  return {
    termDates: built("term-dates.csv", termDates),
    activityCodes: built("post16-activity-codes.csv", activityCodes),
    bankHolidays: built("bank-holidays.csv", bankHolidays),
  };
}
