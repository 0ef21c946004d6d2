import type { Me } from "$lib/server/api";

declare global {
  namespace App {
    interface Locals {
      me: Me | null;
    }
    interface Error {
      message: string;
      code?: string;
    }
  }
}

export {};
