import type { Byline, Credit, Evidence } from '../model/article.generated.js';

export type { Byline, Credit, Evidence };

export type CreditFlag = Credit['flags'][number];

export interface Dateline {
  raw: string;
  city: string | null;
  country: string | null;
  /** ISO date the dateline states, resolved against the story's date. */
  date: string | null;
  agency: string | null;
}

/** A dateline found at the start of a body, and the body with it taken out. */
export interface DatelineMatch {
  dateline: Dateline;
  rest: string;
  /** Reporters the dateline names ("(서울=연합뉴스) 홍길동 기자 =", "新华社北京6月5日电（记者张三）"). */
  bylines?: Byline[];
}

/** Credit trailers found at the end of a body ("(Reporting by ...; Editing by ...)"). */
export interface TrailerMatch {
  bylines: Byline[];
  /** The body without the trailer. */
  rest: string;
  /** The trailer text as printed (paragraphs or sentences joined by line breaks). */
  raw: string;
  /** Parenthesised role phrases are Reuters house style; bare lines are not. */
  style: 'parenthesised' | 'bare' | null;
}
