import type { Me } from "$lib/types";

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
