import type { Settings } from '../config/settings.ts';
import type { StoreDirectory } from '../accounts/store-directory.ts';
import { Type } from 'typebox';
import { asSent, defineService } from './define-service.ts';
import { listOf } from './payloads.ts';
import type { ServiceMethod } from './service-method.ts';

const none = () => Type.Object({});

/** Magento_Store's read-only store, group, website and store-config lists. */
export function storeServices(directory: StoreDirectory, settings: Settings): Record<string, ServiceMethod> {
  const storeConfig = (view: StoreDirectory['views'][number]) => {
    const base = settings.get('web/unsecure/base_url');
    const secure = settings.get('web/secure/base_url');
    return {
      id: view.id,
      code: view.code,
      website_id: view.website_id,
      locale: settings.get('general/locale/code'),
      base_currency_code: settings.get('currency/options/base'),
      default_display_currency_code: settings.get('currency/options/default'),
      timezone: settings.get('general/locale/timezone'),
      weight_unit: settings.get('general/locale/weight_unit'),
      base_url: base,
      base_link_url: base,
      base_static_url: `${base}static/`,
      base_media_url: `${base}media/`,
      secure_base_url: secure,
      secure_base_link_url: secure,
      secure_base_static_url: `${secure}static/`,
      secure_base_media_url: `${secure}media/`,
    };
  };
  return {
    'Magento\\Store\\Api\\StoreRepositoryInterface::getList': defineService({
      summary: 'List store views',
      args: none(),
      answer: listOf('StoreView'),
      call: async () => directory.views,
    }),
    'Magento\\Store\\Api\\GroupRepositoryInterface::getList': defineService({
      summary: 'List store groups',
      args: none(),
      answer: listOf('StoreGroup'),
      call: async () => directory.groups,
    }),
    'Magento\\Store\\Api\\WebsiteRepositoryInterface::getList': defineService({
      summary: 'List websites',
      args: none(),
      answer: listOf('Website'),
      call: async () => directory.websites,
    }),
    'Magento\\Store\\Api\\StoreConfigManagerInterface::getStoreConfigs': defineService({
      summary: 'Store settings of every store view, or of the codes given',
      // Passed as sent: anything but a list is ignored rather than refused, as Keyway always has.
      args: Type.Object({
        storeCodes: Type.Optional(
          asSent(Type.Array(Type.String(), { description: 'Store codes; all stores when left out' })),
        ),
      }),
      answer: listOf('StoreConfig'),
      async call({ storeCodes }) {
        // Like Magento, the admin store is left out; a list of codes narrows the answer to those stores.
        const wanted = Array.isArray(storeCodes) ? new Set(storeCodes.map(String)) : undefined;
        return directory.views.filter((view) => view.id !== 0 && (!wanted || wanted.has(view.code))).map(storeConfig);
      },
    }),
  };
}
