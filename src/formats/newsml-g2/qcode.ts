/** The parts of a NewsML-G2 qcode ("stat:usable" -> scheme "stat", code "usable"); any scheme alias is accepted. */
export function qcodeParts(qcode: string | null | undefined): { scheme: string | null; code: string } {
  const q = (qcode ?? '').trim();
  const colon = q.indexOf(':');
  return colon === -1 ? { scheme: null, code: q } : { scheme: q.slice(0, colon), code: q.slice(colon + 1) };
}

export function qcodeCode(qcode: string | null | undefined): string {
  return qcodeParts(qcode).code;
}
