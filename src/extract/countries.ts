/**
 * ISO 3166-1 country codes (alpha-2 and alpha-3) read as the country's English name: wire metadata
 * that states a dateline's country as a code (NewsML 1.2 Location Property "Country" Value="FRA",
 * NITF `<country iso-cc="FR"/>`) gives the name a printed dateline would carry.
 */

/** ISO 3166-1 alpha-3 codes, each followed by its alpha-2 code (plus XKX/XK, the code in common use for Kosovo). */
const ALPHA3 =
  'AFGAF ALAAX ALBAL DZADZ ASMAS ANDAD AGOAO AIAAI ATAAQ ATGAG ARGAR ARMAM ABWAW AUSAU AUTAT AZEAZ BHSBS BHRBH BGDBD BRBBB ' +
  'BLRBY BELBE BLZBZ BENBJ BMUBM BTNBT BOLBO BESBQ BIHBA BWABW BVTBV BRABR IOTIO BRNBN BGRBG BFABF BDIBI CPVCV KHMKH CMRCM ' +
  'CANCA CYMKY CAFCF TCDTD CHLCL CHNCN CXRCX CCKCC COLCO COMKM COGCG CODCD COKCK CRICR CIVCI HRVHR CUBCU CUWCW CYPCY CZECZ ' +
  'DNKDK DJIDJ DMADM DOMDO ECUEC EGYEG SLVSV GNQGQ ERIER ESTEE SWZSZ ETHET FLKFK FROFO FJIFJ FINFI FRAFR GUFGF PYFPF ATFTF ' +
  'GABGA GMBGM GEOGE DEUDE GHAGH GIBGI GRCGR GRLGL GRDGD GLPGP GUMGU GTMGT GGYGG GINGN GNBGW GUYGY HTIHT HMDHM VATVA HNDHN ' +
  'HKGHK HUNHU ISLIS INDIN IDNID IRNIR IRQIQ IRLIE IMNIM ISRIL ITAIT JAMJM JPNJP JEYJE JORJO KAZKZ KENKE KIRKI PRKKP KORKR ' +
  'KWTKW KGZKG LAOLA LVALV LBNLB LSOLS LBRLR LBYLY LIELI LTULT LUXLU MACMO MDGMG MWIMW MYSMY MDVMV MLIML MLTMT MHLMH MTQMQ ' +
  'MRTMR MUSMU MYTYT MEXMX FSMFM MDAMD MCOMC MNGMN MNEME MSRMS MARMA MOZMZ MMRMM NAMNA NRUNR NPLNP NLDNL NCLNC NZLNZ NICNI ' +
  'NERNE NGANG NIUNU NFKNF MKDMK MNPMP NORNO OMNOM PAKPK PLWPW PSEPS PANPA PNGPG PRYPY PERPE PHLPH PCNPN POLPL PRTPT PRIPR ' +
  'QATQA REURE ROURO RUSRU RWARW BLMBL SHNSH KNAKN LCALC MAFMF SPMPM VCTVC WSMWS SMRSM STPST SAUSA SENSN SRBRS SYCSC SLESL ' +
  'SGPSG SXMSX SVKSK SVNSI SLBSB SOMSO ZAFZA SGSGS SSDSS ESPES LKALK SDNSD SURSR SJMSJ SWESE CHECH SYRSY TWNTW TJKTJ TZATZ ' +
  'THATH TLSTL TGOTG TKLTK TONTO TTOTT TUNTN TURTR TKMTM TCATC TUVTV UGAUG UKRUA AREAE GBRGB USAUS UMIUM URYUY UZBUZ VUTVU ' +
  'VENVE VNMVN VGBVG VIRVI WLFWF ESHEH YEMYE ZMBZM ZWEZW XKXXK';

const TO_ALPHA2 = new Map(ALPHA3.split(' ').map((p) => [p.slice(0, 3), p.slice(3)] as const));
const ALPHA2 = new Set(TO_ALPHA2.values());
const NAMES = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** The English name of the country an ISO 3166-1 code names ("FRA", "FR", "fr"); null for anything else. */
export function countryOfCode(code: string | null | undefined): string | null {
  const c = code?.trim().toUpperCase() ?? '';
  const alpha2 = /^[A-Z]{3}$/.test(c) ? TO_ALPHA2.get(c) : /^[A-Z]{2}$/.test(c) && ALPHA2.has(c) ? c : undefined;
  return alpha2 ? NAMES.of(alpha2) ?? null : null;
}

/** A stated country: the name its code stands for when it is an ISO 3166-1 code, else as written. */
export function countryName(stated: string | null | undefined): string | null {
  const t = stated?.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  return /^[A-Za-z]{2,3}$/.test(t) ? countryOfCode(t) ?? t : t;
}

/**
 * The languages whose country names a dateline is read in: the languages of wiredesk's calendar
 * (src/extract/calendar.ts) that print place and country in Latin script.
 */
const NAME_LOCALES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl'];
let countryNames: Set<string> | null = null;

/**
 * Whether a text is a country's name as CLDR gives it in one of NAME_LOCALES ("Ukraine", "Lebanon",
 * "Deutschland", "Côte d’Ivoire"), or its short form before CLDR's qualifier ("Myanmar" of "Myanmar
 * (Burma)", "Congo" of "Congo - Kinshasa"). Case and apostrophe form are ignored. Built once, from the ISO 3166-1 codes above.
 */
export function isCountryName(text: string | null | undefined): boolean {
  if (!text) return false;
  if (!countryNames) {
    countryNames = new Set();
    for (const locale of NAME_LOCALES) {
      const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
      for (const code of ALPHA2) {
        const name = names.of(code);
        if (!name) continue;
        countryNames.add(foldName(name));
        const short = /^(.+?)\s+(?:\(|-\s)/.exec(name);
        if (short) countryNames.add(foldName(short[1]!));
      }
    }
  }
  return countryNames.has(foldName(text));
}

function foldName(s: string): string {
  return s.normalize('NFC').replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
}
