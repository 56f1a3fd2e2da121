import type { Author } from '../mention.ts';

/** What a platform API returned for a mention its webhook only named. */
export interface FetchedText {
  text: string;
  author: Author;
  rating?: number;
  url?: string;
  editedAt?: string;
}
