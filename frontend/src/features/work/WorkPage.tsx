import { PageTitle } from '../../components'

// Placeholder until the work feature is built.
export default function WorkPage() {
  return <PageTitle>work</PageTitle>
}
