/** The console's dates and numbers are the shared ones (shared/ui/format.ts), also the status page's. */
export * from '../ui/format.ts';
