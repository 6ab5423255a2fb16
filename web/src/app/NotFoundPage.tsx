import { Link } from 'react-router';
import { buttonClasses } from '../components/ui/buttonStyles';
import { EmptyState } from '../components/ui/EmptyState';
import { PageHeader } from '../components/ui/PageHeader';
import { usePageTitle } from '../lib/usePageTitle';

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        title="There is nothing at this address"
        description="The link may be mistyped, or the page may have moved."
        action={
          <Link to="/" className={buttonClasses('primary')}>
            Go to the dashboard
          </Link>
        }
      />
    </>
  );
}
