# Writes tiny-llama.gguf with the reference GGUF writer (the `gguf` package of llama.cpp, 0.19.0),
# so the inspector is tested on a file it did not write itself:
#   pip install --target /tmp/gguf-py gguf==0.19.0 --no-deps   (needs numpy)
#   PYTHONPATH=/tmp/gguf-py python3 make-tiny-llama.py
import numpy as np
import gguf

w = gguf.GGUFWriter("tiny-llama.gguf", "llama")
w.add_name("corral-test")
w.add_block_count(2)
w.add_context_length(128)
w.add_embedding_length(32)
w.add_head_count(4)
w.add_file_type(1)
w.add_tokenizer_model("llama")
w.add_token_list(["<unk>", "<s>", "</s>", "", "hello", "world"])
w.add_token_scores([0.0, 0.0, 0.0, -1.0, -2.0, -3.0])
w.add_token_types([2, 3, 3, 1, 1, 1])
w.add_chat_template("{{ .Prompt }}")
w.add_tensor("token_embd.weight", np.ones((6, 32), dtype=np.float32))
w.add_tensor("blk.0.attn_q.weight", np.ones((32, 32), dtype=np.float16))
q8 = np.zeros((32, 34), dtype=np.uint8)  # 32 rows of one Q8_0 block (34 bytes) each
w.add_tensor("blk.0.ffn_up.weight", q8, raw_dtype=gguf.GGMLQuantizationType.Q8_0)
w.add_tensor("output_norm.weight", np.ones((32,), dtype=np.float32))
w.write_header_to_file()
w.write_kv_data_to_file()
w.write_tensors_to_file()
w.close()
