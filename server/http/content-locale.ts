// The language a student reads staff-written text in (task titles, descriptions, the assignment's
// introduction). The web app names it explicitly with `?lang=`, because it switches language before
// the saved preference reaches the server; without it, the signed-in user's saved language.
import type { Request, Response } from 'express';
import { ContentLanguageQuerySchema } from '../core/api.js';
import type { Locale } from '../core/locale.js';
import { userOf } from './auth.js';
import { parseQuery } from './validate.js';

export function contentLocale(request: Request, response: Response): Locale {
  return parseQuery(ContentLanguageQuerySchema, request.query).lang ?? userOf(response).locale;
}
