import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useSetup } from '../api/auth';
import { ApiError } from '../api/client';
import { AuthCard } from '../components/AuthCard';

/** First run: nobody has an account yet, so the first person creates the admin account. */
export function SetupPage() {
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const setup = useSetup();
  const error = setup.error instanceof ApiError ? setup.error : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    setup.mutate({ name: name.trim(), email: email.trim(), password });
  }

  return (
    <AuthCard title="Set up Pacer" subtitle="Create the first account. It will be an admin, so it can invite the rest of your team.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {setup.error && !error?.fields.length && (
            <Alert color="red" title="Could not create the account">
              {setup.error.message}
            </Alert>
          )}
          <TextInput label="Name" autoComplete="name" required value={name} onChange={(e) => setName(e.currentTarget.value)} error={error?.fieldMessage('name')} />
          <TextInput label="Email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={error?.fieldMessage('email')} />
          <PasswordInput
            label="Password"
            description="At least 10 characters, not a common password: a phrase of a few unrelated words works well"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={error?.fieldMessage('password')}
          />
          <Button type="submit" loading={setup.isPending} mt="xs">
            Create admin account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
