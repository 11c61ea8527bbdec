// The access groups and teams the access tests declare (ACCESS_PATH), over the bundled Mistral catalog: a group by
// type, one by id patterns with an exclude, one by includes alone, and a team granted the built-in group.
export const ACCESS_FIXTURE = {
  groups: [
    { slug: 'embeddings', name: 'Embeddings', match: { types: ['embedding'] } },
    {
      slug: 'coding',
      name: 'Coding',
      match: { ids: ['*codestral*', 'devstral*'], deprecated: false },
      exclude: ['codestral-2508'],
    },
    { slug: 'picked', name: 'Picked', include: ['mistral-large-latest'] },
  ],
  teams: [
    { slug: 'search', name: 'Search', groups: ['embeddings'] },
    { slug: 'devs', name: 'Developers', groups: ['coding', 'picked'] },
    { slug: 'everyone', name: 'Everyone', groups: ['all'] },
  ],
};
