import { describe, expect, it } from 'vitest';
import { errorsByField, zonedInstant } from '../../../shared/console/maintenance-form.tsx';

describe('the maintenance form', () => {
  it('reads a datetime-local value in the brand\'s zone, summer and winter time alike', () => {
    expect(zonedInstant('2030-03-01T22:00', 'Europe/Amsterdam')).toBe('2030-03-01T21:00:00.000Z');
    expect(zonedInstant('2030-07-01T22:00', 'Europe/Amsterdam')).toBe('2030-07-01T20:00:00.000Z');
    expect(zonedInstant('2030-07-01T22:00', 'America/New_York')).toBe('2030-07-02T02:00:00.000Z');
  });

  it('passes anything else on as typed, for the API\'s schema to refuse, and nothing as nothing', () => {
    expect(zonedInstant('tomorrow', 'Europe/Amsterdam')).toBe('tomorrow');
    expect(zonedInstant('', 'Europe/Amsterdam')).toBeUndefined();
    expect(zonedInstant(undefined, 'Europe/Amsterdam')).toBeUndefined();
  });

  it('puts each of the API\'s messages beside the field it names', () => {
    expect(errorsByField('scheduledUntil: 2030-03-01T20:00:00.000Z is not after scheduledFor 2030-03-01T21:00:00.000Z')).toEqual({
      scheduledUntil: 'scheduledUntil: 2030-03-01T20:00:00.000Z is not after scheduledFor 2030-03-01T21:00:00.000Z',
    });
    expect(errorsByField('name: Too small: expected string to have >=1 characters; message.en: Too small')).toEqual({
      name: 'name: Too small: expected string to have >=1 characters',
      'message.en': 'message.en: Too small',
    });
    expect(errorsByField(undefined)).toEqual({});
  });
});
