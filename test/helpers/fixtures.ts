// Kept apart from the test server so that modules of plain expected values can use them without loading the app.

/** Magento's api-functional fixtures: customer id 1 and the webapi admin. */
export const CUSTOMER = { email: 'customer@example.com', password: 'password', firstname: 'John', lastname: 'Smith' };
export const ADMIN = { username: 'webapi_user', password: '123123q' };
