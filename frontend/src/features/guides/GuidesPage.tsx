import { PageTitle } from '../../components'

// Placeholder until the guides feature is built.
export default function GuidesPage() {
  return <PageTitle>guides</PageTitle>
}
