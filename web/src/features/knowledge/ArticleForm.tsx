import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError, type Schemas } from '../../api/client';
import { Button } from '../../components/ui/Button';
import { buttonClasses } from '../../components/ui/buttonStyles';
import { Input } from '../../components/ui/Input';
import { Notice } from '../../components/ui/Notice';
import { useToast } from '../../components/ui/Toast';
import { errorMessage, fieldErrors } from '../../lib/errors';
import { UnsavedChangesGuard } from '../sessions/UnsavedChangesGuard';
import { parseTags, useCreateArticle, useUpdateArticle } from './api';
import { MarkdownField } from './MarkdownField';

type Article = Schemas['Article'];
/** The form always has all three fields. */
type ArticleInput = Required<Schemas['CreateArticle']>;

const FIELDS = ['title', 'body', 'tags'];

interface ArticleFormProps {
  /** The article being edited; null when writing a new one. */
  article: Article | null;
  initial: { title: string; body: string; tags: string[] };
}

export function ArticleForm({ article, initial }: ArticleFormProps) {
  const navigate = useNavigate();
  const { notify } = useToast();
  const create = useCreateArticle();
  const update = useUpdateArticle();
  const mutation = article ? update : create;
  const formRef = useRef<HTMLFormElement>(null);
  const [title, setTitle] = useState(initial.title);
  const [tagsText, setTagsText] = useState(initial.tags.join(', '));
  const [body, setBody] = useState(initial.body);
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);

  const serverErrors = fieldErrors(mutation.error);
  const errors = { ...serverErrors, ...localErrors };
  const hasFieldError = Object.keys(serverErrors).some((key) => FIELDS.includes(key));
  const duplicate = mutation.error instanceof ApiError && mutation.error.code === 'DUPLICATE_ARTICLE';
  const dirty = title !== initial.title || body !== initial.body || tagsText !== initial.tags.join(', ');

  // After a refusal, put the cursor in the first field the server complained about.
  useEffect(() => {
    if (!mutation.error) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [mutation.error]);

  const finish = (result: Article) => {
    notify(article ? 'Article saved.' : `Article “${result.title}” created.`);
    setSaved(true);
    navigate(`/knowledge/articles/${encodeURIComponent(result.id)}`);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = 'Give the article a title.';
    if (!body.trim()) found.body = 'Write the article’s text.';
    setLocalErrors(found);
    if (Object.keys(found).length > 0) {
      requestAnimationFrame(() =>
        formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(),
      );
      return;
    }
    const input: ArticleInput = { title: title.trim(), body, tags: parseTags(tagsText) };
    if (!article) {
      create.mutate(input, { onSuccess: (result) => finish(result.article) });
      return;
    }
    // Only what changed is sent, so the history records exactly what this edit did.
    const changes: Partial<ArticleInput> = {};
    if (input.title !== article.title) changes.title = input.title;
    if (input.body !== article.body) changes.body = input.body;
    if (input.tags.join('\n') !== article.tags.join('\n')) changes.tags = input.tags;
    if (Object.keys(changes).length === 0) {
      setSaved(true);
      navigate(`/knowledge/articles/${encodeURIComponent(article.id)}`);
      return;
    }
    update.mutate({ id: article.id, changes }, { onSuccess: (result) => finish(result.article) });
  };

  // Editing a field drops its message; a server refusal is dropped as a whole (it was about old input).
  const clearError = (field: string) => {
    if (localErrors[field]) setLocalErrors(({ [field]: _removed, ...rest }) => rest);
    if (serverErrors[field] || duplicate) mutation.reset();
  };

  const cancelTo = article ? `/knowledge/articles/${encodeURIComponent(article.id)}` : '/knowledge';

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="space-y-5">
      <UnsavedChangesGuard
        when={dirty && !saved}
        message="Your changes to this article are not saved. Leave this page and lose them?"
      />
      {duplicate && (
        <Notice tone="error" title="This article already exists">
          <p>
            {errorMessage(mutation.error).replace(/\.$/, '')}. Nothing was saved. Change the title or the
            text, or{' '}
            <Link to={`/knowledge?q=${encodeURIComponent(title.trim())}`} className="font-medium underline">
              find the existing article
            </Link>{' '}
            and edit it instead.
          </p>
        </Notice>
      )}
      {mutation.isError && !duplicate && hasFieldError && (
        <Notice tone="error">Could not save the article. Check the fields marked below.</Notice>
      )}
      {mutation.isError && !duplicate && !hasFieldError && (
        <Notice tone="error">{errorMessage(mutation.error, 'Could not save the article.')}</Notice>
      )}
      <Input
        label="Title"
        required
        maxLength={300}
        autoComplete="off"
        value={title}
        error={errors.title}
        onChange={(event) => {
          setTitle(event.target.value);
          clearError('title');
        }}
      />
      <Input
        label="Tags"
        autoComplete="off"
        hint="Separate tags with commas, e.g. “outlook, mfa, contoso”."
        value={tagsText}
        error={errors.tags}
        onChange={(event) => {
          setTagsText(event.target.value);
          clearError('tags');
        }}
      />
      <MarkdownField
        label="Text"
        value={body}
        error={errors.body}
        onChange={(next) => {
          setBody(next);
          clearError('body');
        }}
      />
      <div className="flex flex-col-reverse gap-2 border-t border-slate-200 pt-4 sm:flex-row sm:justify-end dark:border-slate-800">
        <Link to={cancelTo} className={buttonClasses('secondary')}>
          Cancel
        </Link>
        <Button type="submit" variant="primary" loading={mutation.isPending}>
          {article ? 'Save changes' : 'Save article'}
        </Button>
      </div>
    </form>
  );
}
