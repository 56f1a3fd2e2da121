/**
 * Why a credential was refused. The API answers 401 with `message`, which names what is wrong and
 * never carries the token itself (a token in a response or a log is a token handed out).
 */
export type AuthFailure =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'not_yet_valid'
  | 'bad_signature'
  | 'unknown_key'
  | 'wrong_algorithm'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'wrong_token_use'
  | 'no_role'
  | 'bad_claims'
  | 'keys_unavailable'
  | 'unknown_token'
  | 'revoked';

export class AuthError extends Error {
  override readonly name = 'AuthError';
  constructor(
    readonly reason: AuthFailure,
    message: string,
  ) {
    super(message);
  }
}
