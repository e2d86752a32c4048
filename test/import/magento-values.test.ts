// Single values as Magento's export writes them: the injection guard, both date forms, gender labels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDate, readGender, readTimestamp, unguard } from '../../src/import/magento-values.ts';

describe('Magento export values', () => {
  it('removes the one space the injection guard adds, and nothing else', () => {
    assert.equal(unguard(' +49 30 123'), '+49 30 123');
    assert.equal(unguard(' =SUM(A1)'), '=SUM(A1)');
    assert.equal(unguard(' -5'), '-5');
    assert.equal(unguard(' @home'), '@home');
    assert.equal(unguard('  +1'), '  +1');
    assert.equal(unguard(' plain'), ' plain');
    assert.equal(unguard(' '), ' ');
  });

  it('reads ISO and spreadsheet dates, and refuses impossible ones', () => {
    assert.equal(readTimestamp('2024-09-01 12:49:05'), '2024-09-01 12:49:05');
    assert.equal(readTimestamp('2024-09-01T12:49:05Z'), '2024-09-01 12:49:05');
    assert.equal(readTimestamp('09/01/24 12:49'), '2024-09-01 12:49:00');
    assert.equal(readTimestamp('9/1/2024 7:05:09'), '2024-09-01 07:05:09');
    assert.equal(readDate('12/31/85'), '1985-12-31');
    assert.equal(readDate('2/29/2024'), '2024-02-29');
    assert.equal(readDate('1980-02-29 00:00:00'), '1980-02-29');
    for (const bad of ['2023-02-29', '13/01/24', '2024-09-01 24:00:00', '01.09.2024', 'yesterday']) {
      assert.equal(readTimestamp(bad), null, bad);
    }
  });

  it('maps the gender labels of the admin store to their ids', () => {
    assert.deepEqual(['Male', 'Female', 'Not Specified', 'female', '2', 'Other'].map(readGender), [
      1,
      2,
      3,
      2,
      2,
      undefined,
    ]);
  });
});
