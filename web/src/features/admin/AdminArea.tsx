import type { ReactNode } from 'react';
import { AdminNav } from './AdminNav.js';

/** An administration page with the administration's navigation above it. */
export default function AdminArea({ page }: { page: ReactNode }) {
  return (
    <>
      <AdminNav />
      {page}
    </>
  );
}
