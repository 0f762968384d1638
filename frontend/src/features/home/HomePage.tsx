import { PageTitle } from '../../components'

// Placeholder until the home feature is built.
export default function HomePage() {
  return <PageTitle>home</PageTitle>
}
