// The postgres jest project: every test file in it runs its apps on PostgreSQL (see test-database.ts).
process.env.TEST_DB_TYPE = 'postgres';
