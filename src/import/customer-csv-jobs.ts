// The two CSV files of a customer move from Magento, as jobs for runCsvImport.
import type { StoreDirectory } from '../accounts/store-directory.ts';
import type { CsvImportJob } from './csv-import.ts';
import type { CustomerImportStore, ImportedAddress, ImportedCustomer } from './customer-import-store.ts';
import { ADDRESS_COLUMNS, addressRowReader } from './magento-address-csv.ts';
import { CUSTOMER_COLUMNS, customerRowReader } from './magento-customer-csv.ts';

export interface CustomerCsvContext {
  store: CustomerImportStore;
  directory: StoreDirectory;
  /** The time stamped on rows the file gives none, UTC `YYYY-MM-DD HH:MM:SS`. */
  now: string;
  dryRun: boolean;
  /** The customer group ids Keyway has (`CustomerImportStore.groupIds`). */
  groupIds: ReadonlySet<number>;
}

/** Magento's "Customers Main File" export. */
export function customersJob({
  store,
  directory,
  now,
  dryRun,
  groupIds,
}: CustomerCsvContext): CsvImportJob<ImportedCustomer> {
  return {
    kind: 'customers',
    required: CUSTOMER_COLUMNS,
    reader: (columns) => customerRowReader(directory, groupIds, columns),
    write: (batch) => store.upsertCustomers(batch, { now, dryRun }),
  };
}

/** Magento's "Customer Addresses" export; run after the main file, whose customers it names. */
export function addressesJob({ store, directory, now, dryRun }: CustomerCsvContext): CsvImportJob<ImportedAddress> {
  return {
    kind: 'addresses',
    required: ADDRESS_COLUMNS,
    reader: (columns) => addressRowReader(directory, columns),
    async write(batch) {
      const outcomes = await store.upsertAddresses(batch, { now, dryRun });
      return outcomes.map((outcome) =>
        outcome === 'no-customer' ? { reason: 'no customer with this e-mail on this website in Keyway' } : outcome,
      );
    },
  };
}
